import { json } from "@remix-run/node";
import type { FieldErrors } from "./forms";
import { ownEntry } from "./lookup";

// One place that turns a refusal (a domain result's reason) into an HTTP status.
const statusByReason: Record<string, number> = {
  login_required: 401,
  not_verified: 403,
  role_cannot_contribute: 403,
  suspended: 403,
  suspend_self: 403,
  suspend_admin: 403,
  not_suspended: 409,
  until_past: 400,
  forbidden: 403,
  not_author: 403,
  own_contribution: 403,
  not_found: 404,
  already_decided: 409,
  not_open: 409,
  not_closed: 409,
  already_published: 409,
  already_verified: 409,
  hidden: 409,
  edit_window_closed: 409,
  section_removed: 409,
  has_comments: 409,
  wrong_kind: 409,
  rate_limited: 429,
  login_wait: 429,
  login_locked: 429,
  login_link_invalid: 400,
  invalid_credentials: 401,
  token_invalid: 400,
  unsubscribe_invalid: 400,
  cross_origin: 403,
};

export function statusFor(reason: string): number {
  return ownEntry(statusByReason, reason) ?? 422;
}

/** A thrown error page; the root ErrorBoundary shows the German text for `reason`. */
export function httpError(status: number, reason: string, headers?: HeadersInit): Response {
  return json({ reason }, { status, headers });
}

export function notFound(): never {
  throw httpError(404, "not_found");
}

/** The answer to a refused form: the form shows `formError` (and field errors) with the right status. */
export function refused(
  reason: string,
  extra: {
    fieldErrors?: FieldErrors;
    retryAfter?: number;
    form?: { intent: string; target: string };
    /** What was typed, so the form can show it again (see submittedValues). */
    values?: Record<string, string>;
  } = {},
) {
  const headers: HeadersInit = extra.retryAfter ? { "Retry-After": String(extra.retryAfter) } : {};
  return json(
    {
      formError: reason,
      fieldErrors: extra.fieldErrors ?? {},
      intent: extra.form?.intent,
      target: extra.form?.target,
      values: extra.values ?? {},
      /** Seconds to wait (also the Retry-After header), so the page can say how long. */
      retryAfter: extra.retryAfter,
    },
    { status: statusFor(reason), headers },
  );
}

export function invalid(fieldErrors: FieldErrors, values: Record<string, string> = {}) {
  return json({ formError: "form_invalid", fieldErrors, values }, { status: 422 });
}

export type ActionFailure = { formError: string; fieldErrors: FieldErrors; values?: Record<string, string> };
