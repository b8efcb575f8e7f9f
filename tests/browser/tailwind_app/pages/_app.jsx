// The layout: Tailwind's stylesheet for every page.
import "./_styles/app.css";

export default function App({ Component, pageProps }) {
  return (
    <>
      <link rel="icon" href="data:," />
      <Component {...pageProps} />
    </>
  );
}
