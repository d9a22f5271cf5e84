import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A list of form rows (permit limits, alert settings): each row's fields from `children`, a "remove" button per row
 * and an "add" button below.
 */
export function EditableRows<R extends object>({
  rows,
  onRows,
  newRow,
  addLabel,
  testId,
  children,
}: {
  readonly rows: readonly R[];
  readonly onRows: (rows: R[]) => void;
  readonly newRow: () => R;
  readonly addLabel: string;
  /** Rows are `{testId}-{i}`, the add button `{testId}-add`. */
  readonly testId: string;
  readonly children: (row: R, change: (key: keyof R, value: string) => void, i: number) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      {rows.map((row, i) => (
        <div className="admin-form__wide admin-row" key={i} data-testid={`${testId}-${i}`}>
          {children(
            row,
            (key, value) => onRows(rows.map((x, j) => (j === i ? { ...x, [key]: value } : x))),
            i,
          )}
          <button
            type="button"
            className="button button--small"
            onClick={() => onRows(rows.filter((_x, j) => j !== i))}
          >
            {t('admin.remove')}
          </button>
        </div>
      ))}
      <div className="admin-form__actions">
        <button
          type="button"
          className="button button--small"
          onClick={() => onRows([...rows, newRow()])}
          data-testid={`${testId}-add`}
        >
          {addLabel}
        </button>
      </div>
    </>
  );
}
