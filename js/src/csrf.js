// The CSRF token of a page cached publicly: its page data holds none (it would be one visitor's token for
// everyone), so a submission fetches the visitor's from the server, which sets the cookie on a first visit.
let fetched; // once per page load: a refused submission loads the page afresh

/** The visitor's CSRF token from <base>/_bridge/csrf; "" if that fails (the server then refuses the action). */
export const fetchCsrfToken = (base) =>
  (fetched ??= fetch(`${base}/_bridge/csrf`)
    .then((response) => response.json())
    .then((answer) => answer.token, () => ""));
