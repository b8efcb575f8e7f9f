// `/user?name=...`: a page with one user's private data in its props. `&log=1` logs it to the console,
// `&fail=1` logs it and then throws; `&keep=1` leaves it on globalThis (the page's own leak, on purpose).
export default function User({ name, secret, card, log, fail, keep }) {
  if (log || fail) console.log(`rendering ${name}: ${secret} ${card.number}`);
  if (fail) throw new Error(`user page failed for ${name}`);
  if (keep) globalThis.__kept = { secret };
  return (
    <>
      <h1 id="user">{name}</h1>
      <p id="secret">{secret}</p>
      <p id="card">{card.number}</p>
    </>
  );
}
