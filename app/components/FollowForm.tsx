import { Form, Link, useActionData, useParams } from "@remix-run/react";
import { useT, errorText } from "~/i18n";

/**
 * The "Folgen" / "Nicht mehr folgen" button of a proposal or consultation. It posts the wanted state (not a
 * toggle), so a double submit changes nothing; it works without JavaScript. The sentence above says what
 * following means and whether one follows; the button is tied to it for screen readers.
 */
export function FollowForm(props: {
  /** The follow route, e.g. `/vorschlaege/12/folgen`. */
  action: string;
  following: boolean;
  kind: "proposal" | "consultation";
  /** Where to return afterwards (a path on this site); the target's page when not given. */
  redirectTo?: string;
  /** Describe the button by another element (e.g. the title in a list) instead of the sentence. */
  describedBy?: string;
}) {
  const t = useT();
  const statusId = `folgen-${props.action.replace(/[^a-z0-9]+/gi, "-")}`;
  const status =
    props.kind === "proposal"
      ? props.following
        ? t.follow.proposalOn
        : t.follow.proposalOff
      : props.following
        ? t.follow.consultationOn
        : t.follow.consultationOff;
  return (
    <Form method="post" action={props.action} preventScrollReset className="follow-form">
      <input type="hidden" name="folgen" value={props.following ? "0" : "1"} />
      {props.redirectTo ? <input type="hidden" name="weiter" value={props.redirectTo} /> : null}
      {props.describedBy ? null : (
        <p className="hint" id={statusId}>
          {status}
        </p>
      )}
      <button
        type="submit"
        className={props.following ? "button button--quiet" : "button"}
        aria-describedby={props.describedBy ?? statusId}
      >
        {props.following ? t.follow.unfollow : t.follow.follow}
      </button>
    </Form>
  );
}

/**
 * The page of a follow route: its refusal after a POST (e.g. the address is not confirmed yet), or, when opened
 * directly, where following happens; always with the way back.
 */
export function FollowRoutePage({ kind }: { kind: "proposal" | "consultation" }) {
  const t = useT();
  const result = useActionData<{ formError?: string }>();
  const { id } = useParams();
  const back = kind === "proposal" ? `/vorschlaege/${id}` : `/beteiligungen/${id}`;
  return (
    <>
      <h1>{result?.formError ? t.follow.refusedTitle : t.follow.pageTitle}</h1>
      {result?.formError ? (
        <div className="alert alert--error" role="alert">
          <p>{errorText(t, result.formError)}</p>
        </div>
      ) : (
        <p>{t.follow.viaPage}</p>
      )}
      <p>
        <Link to={back}>{t.follow.backTo}</Link>
      </p>
    </>
  );
}
