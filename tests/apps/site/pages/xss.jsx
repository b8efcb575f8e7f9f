export default function Xss({ text, comment, separators }) {
  return (
    <>
      <p id="text">{text}</p>
      <p id="comment">{comment}</p>
      <p id="separators">{separators}</p>
    </>
  );
}
