export default function App({ Component, pageProps }) {
  return (
    <div className="site-layout">
      <Component {...pageProps} />
    </div>
  );
}
