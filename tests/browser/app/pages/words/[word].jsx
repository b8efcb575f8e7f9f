// `/words/<word>`: the word, which may hold an encoded slash. No <title>: the route announcer reads the <h1>.
export default function Word({ word }) {
  return <h1>{`The word: ${word}`}</h1>;
}
