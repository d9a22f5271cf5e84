import { useTranslation } from 'react-i18next';
import { StateBadge } from '../../../components/StateBadge';
import { useLanguage } from '../../../i18n/useLanguage';
import { formatNumber } from '../../../lib/format/format';
import { STATION_STATES, useStateCounts } from '../hooks/useStateCounts';

/** How many stations are in each state; doubles as the legend of the state colours. */
export function StateSummary() {
  const { t } = useTranslation();
  const language = useLanguage();
  const counts = useStateCounts();
  return (
    <ul className="state-summary" aria-label={t('overview.summary')}>
      {STATION_STATES.map((state) => (
        <li key={state} data-testid={`state-count-${state}`}>
          <StateBadge state={state} />
          <span className="state-summary__count">{formatNumber(counts[state], language, 0)}</span>
        </li>
      ))}
    </ul>
  );
}
