// `/partial`: a post whose comments are reloaded alone: router.reload({ only: ["comments"] }).
import { useRouter } from "bridge/router";

export default function Partial({ title, served, comments }) {
  const router = useRouter();
  return (
    <>
      <title>{title}</title>
      <h1>{title}</h1>
      <p data-testid="served">{served}</p>
      <ul data-testid="comments">
        {comments.map((comment) => (
          <li key={comment}>{comment}</li>
        ))}
      </ul>
      <button type="button" onClick={() => router.reload({ only: ["comments"] })}>
        Reload the comments
      </button>
    </>
  );
}
