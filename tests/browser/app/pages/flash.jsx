// `/flash`: shows the one-time message that flash.py consumes.
export default function Flash({ flash }) {
  return (
    <>
      <title>Flash</title>
      <h1>Messages</h1>
      <p role="status">{flash ?? "No message"}</p>
    </>
  );
}
