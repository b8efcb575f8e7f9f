// <Form>: a real <form> that works without JavaScript (a full POST, the server answers 303 or the page with
// its errors) and, with the runtime loaded, submits with fetch, renders errors in place or follows the
// redirect as a client navigation, and ignores a second submit while the first is pending.
import { createContext, createElement, useContext, useRef, useState } from "react";
import { useRouter } from "./router.js";

const FormStatus = createContext({ pending: false });

/** The state of the enclosing <Form>: `pending` while its submission is on its way. */
export function useFormStatus() {
  return useContext(FormStatus);
}

export function Form({ method = "post", action, children, onSubmit, ...rest }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const sending = useRef(false);
  const verb = method.toLowerCase();
  const target = action ?? router.asPath;

  async function handleSubmit(event) {
    onSubmit?.(event);
    if (event.defaultPrevented || verb === "get") return; // GET forms are plain navigations
    event.preventDefault();
    if (sending.current) return;
    sending.current = true;
    setPending(true);
    try {
      await router.submit(target, verb, new FormData(event.currentTarget, event.nativeEvent.submitter));
    } finally {
      sending.current = false;
      setPending(false);
    }
  }

  const hidden = [];
  if (verb !== "get" && router.csrf?.token) {
    // (a page cached publicly holds no token: router.submit fetches the visitor's)
    hidden.push(createElement("input", { key: "csrf", type: "hidden", name: router.csrf.field, value: router.csrf.token }));
  }
  if (verb !== "get" && verb !== "post") {
    // Browsers only send GET and POST forms: without JavaScript the method travels in a field.
    hidden.push(createElement("input", { key: "method", type: "hidden", name: "_method", value: verb.toUpperCase() }));
  }
  return createElement(
    FormStatus.Provider,
    { value: { pending } },
    createElement(
      "form",
      { ...rest, method: verb === "get" ? "get" : "post", action: router.href(target), onSubmit: handleSubmit },
      hidden,
      children,
    ),
  );
}
