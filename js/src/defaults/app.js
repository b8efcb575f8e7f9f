// The layout used when an app has no pages/_app.jsx: the page alone.
import { createElement } from "react";

export default function App({ Component, pageProps }) {
  return createElement(Component, pageProps);
}
