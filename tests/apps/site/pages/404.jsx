export default function NotFound({ statusCode }) {
  return (
    <>
      <title>Not here</title>
      <h1 id="error">Custom {statusCode} page</h1>
    </>
  );
}
