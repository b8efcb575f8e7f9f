export default function Admin({ secret }) {
  return (
    <>
      <title>Admin</title>
      <p data-testid="secret">{secret}</p>
    </>
  );
}
