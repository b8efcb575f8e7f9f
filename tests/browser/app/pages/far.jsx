// `/far`: linked only from the bottom of /fidelity, so its code is fetched only once that link is in view.
export default function Far({ served }) {
  return (
    <>
      <title>Far</title>
      <h1>Far away</h1>
      <p data-testid="served">{served}</p>
    </>
  );
}
