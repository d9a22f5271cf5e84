import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { checkCustomRange, TIME_RANGES, toVietnamLocal, type RangeSelection } from '../ranges';

const LABEL_KEYS = {
  '6h': 'station.range6h',
  '24h': 'station.range24h',
  '7d': 'station.range7d',
  '30d': 'station.range30d',
} as const;

/** 6 h | 24 h | 7 d | 30 d | custom (two Vietnam-time date-time fields). */
export function RangeSelector({
  value,
  onChange,
}: {
  readonly value: RangeSelection;
  readonly onChange: (r: RangeSelection) => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(value.choice === 'custom');
  const now = Date.now();
  const [fromText, setFromText] = useState(() => toVietnamLocal(value.choice === 'custom' ? value.from : now - 86_400_000));
  const [toText, setToText] = useState(() => toVietnamLocal(value.choice === 'custom' ? value.to : now));
  const [error, setError] = useState<string | null>(null);

  const apply = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const checked = checkCustomRange(fromText, toText);
    if (!checked.ok) {
      setError(t(`station.customError.${checked.error}`));
      return;
    }
    setError(null);
    onChange({ choice: 'custom', from: checked.from, to: checked.to });
  };

  return (
    <div className="range-selector">
      <div className="segmented" role="group" aria-label={t('station.range')}>
        {TIME_RANGES.map((range) => (
          <button
            key={range}
            type="button"
            className="segmented__button"
            data-testid={`range-${range}`}
            aria-pressed={range === value.choice}
            onClick={() => {
              setEditing(false);
              onChange({ choice: range });
            }}
          >
            {t(LABEL_KEYS[range])}
          </button>
        ))}
        <button
          type="button"
          className="segmented__button"
          data-testid="range-custom"
          aria-pressed={value.choice === 'custom'}
          aria-expanded={editing}
          onClick={() => setEditing(true)}
        >
          {t('station.rangeCustom')}
        </button>
      </div>
      {editing && (
        <form className="range-custom" onSubmit={apply}>
          <label>
            {t('station.from')}{' '}
            <input type="datetime-local" data-testid="range-from" value={fromText} onChange={(e) => setFromText(e.target.value)} required />
          </label>
          <label>
            {t('station.to')}{' '}
            <input type="datetime-local" data-testid="range-to" value={toText} onChange={(e) => setToText(e.target.value)} required />
          </label>
          <button type="submit" className="button button--small button--primary" data-testid="range-apply">
            {t('station.apply')}
          </button>
          <span className="muted small">{t('station.vietnamTime')}</span>
          {error && (
            <span className="form__error" role="alert">
              {error}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
