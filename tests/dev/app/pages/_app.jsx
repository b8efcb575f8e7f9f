// Layout of the `bridge dev` fixture app.
export default function App({ Component, pageProps }) {
  return (
    <main>
      <link rel="icon" href="data:," />
      <Component {...pageProps} />
    </main>
  );
}
