import { useTranslation } from 'react-i18next';
import { TIME_RANGES, type TimeRange } from '../ranges';

const LABEL_KEYS = { '6h': 'station.range6h', '24h': 'station.range24h', '7d': 'station.range7d' } as const;

export function RangeSelector({ value, onChange }: { readonly value: TimeRange; readonly onChange: (r: TimeRange) => void }) {
  const { t } = useTranslation();
  return (
    <div className="segmented" role="group" aria-label={t('station.range')}>
      {TIME_RANGES.map((range) => (
        <button
          key={range}
          type="button"
          className="segmented__button"
          data-testid={`range-${range}`}
          aria-pressed={range === value}
          onClick={() => onChange(range)}
        >
          {t(LABEL_KEYS[range])}
        </button>
      ))}
    </div>
  );
}
