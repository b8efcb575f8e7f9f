// Layout of the library corpus: nothing but the page, so what a library renders is all there is.
export default function App({ Component, pageProps }) {
  return <Component {...pageProps} />;
}
