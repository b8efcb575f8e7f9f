// The error page used when an app has no pages/404.jsx or pages/500.jsx.
import { createElement, Fragment } from "react";

const MESSAGES = { 404: "This page could not be found.", 500: "Something went wrong on our side." };

export default function ErrorPage({ statusCode }) {
  const message = MESSAGES[statusCode] ?? "An error occurred.";
  return createElement(
    Fragment,
    null,
    createElement("title", null, `${statusCode}: ${message}`),
    createElement("div", { style: { fontFamily: "system-ui, sans-serif", textAlign: "center", marginTop: "20vh" } },
      createElement("h1", null, String(statusCode)),
      createElement("p", null, message)),
  );
}
