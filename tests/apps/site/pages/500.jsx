export default function ServerError({ statusCode }) {
  return (
    <>
      <title>Broken</title>
      <h1 id="error">Custom {statusCode} page: something broke</h1>
    </>
  );
}
