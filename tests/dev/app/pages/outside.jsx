// `/outside`: shows a value from devtest_helper.py, a module outside the pages folder.
export default function Outside({ greeting }) {
  return <h1 id="title">{greeting}</h1>;
}
