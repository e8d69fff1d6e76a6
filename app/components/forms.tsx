import { useState, type ChangeEvent, type ReactNode } from "react";
import { useT, errorText } from "~/i18n";
import type { FieldErrors } from "~/lib/forms";

type FieldProps = {
  name: string;
  /** Needed when a page has several fields of the same name. */
  id?: string;
  label: string;
  hint?: string;
  errors?: FieldErrors;
  defaultValue?: string | number;
  type?: string;
  multiline?: boolean;
  rows?: number;
  required?: boolean;
  autoComplete?: string;
  inputMode?: "decimal" | "numeric" | "email" | "text";
  value?: string;
  onChange?: (value: string) => void;
  step?: string;
};

/** What a form control needs to be tied to its label, hint and error for screen readers. */
export type ControlProps = { id: string; name: string; "aria-describedby"?: string; "aria-invalid"?: true; required?: boolean };

/**
 * The frame of every form field: the label, the hint and the error message, tied to the control it renders
 * (input, textarea, select, file) by id and aria-describedby. Errors are i18n codes under `errors`.
 */
export function FieldFrame(props: {
  name: string;
  /** Needed when a page has several fields of the same name. */
  id?: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  children: (control: ControlProps) => ReactNode;
}) {
  const t = useT();
  const id = `feld-${props.id ?? props.name}`;
  const describedBy = [props.hint ? `${id}-hinweis` : null, props.error ? `${id}-fehler` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${props.error ? " field--error" : ""}`}>
      <label htmlFor={id}>
        {props.label}
        {props.required ? <span className="required"> ({t.common.required})</span> : null}
      </label>
      {props.hint ? (
        <p className="hint" id={`${id}-hinweis`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p className="error" id={`${id}-fehler`}>
          {errorText(t, props.error)}
        </p>
      ) : null}
      {props.children({
        id,
        name: props.name,
        "aria-describedby": describedBy,
        "aria-invalid": props.error ? true : undefined,
        required: props.required,
      })}
    </div>
  );
}

/** A labelled input or textarea whose hint and error are tied to it for screen readers. */
export function Field(props: FieldProps) {
  const value =
    props.value !== undefined
      ? { value: props.value, onChange: (e: { target: { value: string } }) => props.onChange?.(e.target.value) }
      : { defaultValue: props.defaultValue };
  return (
    <FieldFrame
      name={props.name}
      id={props.id}
      label={props.label}
      hint={props.hint}
      error={props.errors?.[props.name]}
      required={props.required}
    >
      {(control) =>
        props.multiline ? (
          <textarea rows={props.rows ?? 6} {...control} {...value} />
        ) : (
          <input
            type={props.type ?? "text"}
            autoComplete={props.autoComplete}
            inputMode={props.inputMode}
            step={props.step}
            {...control}
            {...value}
          />
        )
      }
    </FieldFrame>
  );
}

/**
 * The summary at the top of a refused form, with links to the fields; for a 429 (see refused()) also how long to wait,
 * so that every form says it once, in one place.
 */
export function FormErrors({ result }: { result?: { formError?: string; fieldErrors?: FieldErrors; retryAfter?: number } | null }) {
  const t = useT();
  if (!result?.formError) return null;
  const fields = Object.entries(result.fieldErrors ?? {});
  return (
    <div className="alert alert--error" role="alert" tabIndex={-1}>
      <p>{errorText(t, result.formError)}</p>
      {typeof result.retryAfter === "number" && result.retryAfter > 0 ? <p>{t.common.retryIn(result.retryAfter)}</p> : null}
      {fields.length ? (
        <ul>
          {fields.map(([name, code]) => (
            <li key={name}>
              <a href={`#feld-${name}`}>{errorText(t, code)}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The category choice of a proposal; "no category" is always possible. */
export function CategorySelect(props: { categories: { id: string; name: string }[]; defaultValue?: string | null; errors?: FieldErrors }) {
  const t = useT();
  if (props.categories.length === 0) return null;
  return (
    <FieldFrame name="categoryId" label={t.proposal.category} error={props.errors?.categoryId}>
      {(control) => (
        <select {...control} defaultValue={props.defaultValue ?? ""}>
          <option value="">{t.proposal.noCategory}</option>
          {props.categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

/** Tells at once when a chosen file is larger than the server accepts, rather than after a long upload it would refuse. */
export function useFileSizeCheck(maxBytes: number) {
  const [tooLarge, setTooLarge] = useState(false);
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    const large = !!file && file.size > maxBytes;
    setTooLarge(large);
    if (large) e.target.value = "";
  };
  return { tooLarge, onChange };
}

/** The e-mail address of the account forms (login, login link, registration), with what was typed after a refusal. */
export function EmailField(props: {
  result?: { fieldErrors?: FieldErrors; values?: Record<string, string> } | null;
  autoComplete: "username" | "email";
}) {
  const t = useT();
  return (
    <Field
      name="email"
      type="email"
      label={t.auth.email}
      errors={props.result?.fieldErrors}
      defaultValue={props.result?.values?.email}
      autoComplete={props.autoComplete}
      required
    />
  );
}
