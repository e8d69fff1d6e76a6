import type { ReactNode } from "react";
import { Form, useActionData } from "@remix-run/react";
import { FormErrors } from "./forms";

/**
 * The page a link from a mail opens (confirm the address, sign in by link). Opening it changes nothing, as mail
 * scanners open links too; its one button posts the token. `afterRefusal` is shown below a refusal (e.g. how to get a
 * new link).
 */
export function MailedLinkPage(props: {
  title: string;
  intro: string;
  submit: string;
  token: string;
  /** Further hidden fields, e.g. where to go afterwards. */
  fields?: Record<string, string>;
  afterRefusal?: ReactNode;
}) {
  const result = useActionData<{ formError?: string; fieldErrors?: Record<string, string>; retryAfter?: number }>();
  return (
    <>
      <h1>{props.title}</h1>
      <FormErrors result={result} />
      {result?.formError ? props.afterRefusal : null}
      <p>{props.intro}</p>
      <Form method="post">
        <input type="hidden" name="token" value={props.token} />
        {Object.entries(props.fields ?? {}).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <button type="submit" className="button button--primary">
          {props.submit}
        </button>
      </Form>
    </>
  );
}
