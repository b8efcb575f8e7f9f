import Greeting from "./_components/Greeting";

export default function Home({ greeting }) {
  return (
    <>
      <title>📚 Home page</title>
      <Greeting text={greeting} />
    </>
  );
}
