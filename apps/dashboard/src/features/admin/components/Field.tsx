import type { ReactNode } from 'react';
import type { FieldErrors } from '../forms/validation';

/** A labelled form control with its error below (announced, and tied to the control by `aria-describedby`). */
export function Field({
  label,
  name,
  errors,
  children,
  hint,
}: {
  readonly label: string;
  /** The field path the errors are keyed by; also the base of the test ids. */
  readonly name: string;
  readonly errors: FieldErrors;
  readonly children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby'?: string;
  }) => ReactNode;
  readonly hint?: string;
}) {
  const id = `admin-field-${name.replace(/[^a-z0-9]/gi, '-')}`;
  const error = errors[name];
  return (
    <div className="form__field admin-field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': error !== undefined,
        'aria-describedby': error !== undefined ? `${id}-error` : undefined,
      })}
      {hint && <small className="muted">{hint}</small>}
      {error !== undefined && (
        <p className="form__error" id={`${id}-error`} role="alert" data-testid={`error-${name}`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The form-level error (key `''`). */
export function FormError({ errors }: { readonly errors: FieldErrors }) {
  const error = errors[''];
  if (error === undefined) return null;
  return (
    <p className="status-message status-message--error" role="alert" data-testid="form-error">
      {error}
    </p>
  );
}
