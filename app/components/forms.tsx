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

/** A labelled input whose hint and error are tied to it for screen readers. */
export function Field(props: FieldProps) {
  const t = useT();
  const id = `feld-${props.id ?? props.name}`;
  const error = props.errors?.[props.name];
  const describedBy = [props.hint ? `${id}-hinweis` : null, error ? `${id}-fehler` : null].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: props.name,
    "aria-describedby": describedBy,
    "aria-invalid": error ? true : undefined,
    required: props.required,
    ...(props.value !== undefined
      ? { value: props.value, onChange: (e: { target: { value: string } }) => props.onChange?.(e.target.value) }
      : { defaultValue: props.defaultValue }),
  };
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>
        {props.label}
        {props.required ? <span className="required"> ({t.common.required})</span> : null}
      </label>
      {props.hint ? (
        <p className="hint" id={`${id}-hinweis`}>
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p className="error" id={`${id}-fehler`}>
          {errorText(t, error)}
        </p>
      ) : null}
      {props.multiline ? (
        <textarea rows={props.rows ?? 6} {...common} />
      ) : (
        <input type={props.type ?? "text"} autoComplete={props.autoComplete} inputMode={props.inputMode} step={props.step} {...common} />
      )}
    </div>
  );
}

/** The summary at the top of a refused form, with links to the fields. */
export function FormErrors({ result }: { result?: { formError?: string; fieldErrors?: FieldErrors } | null }) {
  const t = useT();
  if (!result?.formError) return null;
  const fields = Object.entries(result.fieldErrors ?? {});
  return (
    <div className="alert alert--error" role="alert" tabIndex={-1}>
      <p>{errorText(t, result.formError)}</p>
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
export function CategorySelect(props: {
  categories: { id: string; name: string }[];
  defaultValue?: string | null;
  errors?: FieldErrors;
}) {
  const t = useT();
  if (props.categories.length === 0) return null;
  const error = props.errors?.categoryId;
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor="feld-categoryId">{t.proposal.category}</label>
      {error ? (
        <p className="error" id="feld-categoryId-fehler">
          {errorText(t, error)}
        </p>
      ) : null}
      <select
        id="feld-categoryId"
        name="categoryId"
        defaultValue={props.defaultValue ?? ""}
        aria-describedby={error ? "feld-categoryId-fehler" : undefined}
        aria-invalid={error ? true : undefined}
      >
        <option value="">{t.proposal.noCategory}</option>
        {props.categories.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}
