// Types of bridge/form (form.js) for TypeScript pages.
import type { FormHTMLAttributes, ReactElement, ReactNode } from "react";
import type { Href } from "./link";

export type FormMethod = "get" | "post" | "put" | "patch" | "delete" | "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface FormProps extends Omit<FormHTMLAttributes<HTMLFormElement>, "method" | "action"> {
  /** The page action's method; default "post". PUT, PATCH and DELETE travel in a `_method` field. */
  method?: FormMethod;
  /** The page whose action handles the form; default the current page. */
  action?: Href;
  children?: ReactNode;
}

/** A real `<form>` that works without JavaScript and, with it, submits in place. */
export function Form(props: FormProps): ReactElement;

/** The state of the enclosing `<Form>`: `pending` while its submission is on its way. */
export function useFormStatus(): { pending: boolean };
