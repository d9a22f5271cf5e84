import type { StationState } from '@langxanh/contracts';
import { useTranslation } from 'react-i18next';

/** A shape for each state, so that colour is never the only signal (with the text). */
const SYMBOL: Readonly<Record<StationState, string>> = {
  normal: '✓',
  exceeding: '!',
  offline: '×',
  no_data: '…',
};

export interface StateBadgeProps {
  readonly state: StationState;
  readonly testId?: string;
}

export function StateBadge({ state, testId }: StateBadgeProps) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--${state}`} data-testid={testId} data-state={state}>
      <span className="badge__symbol" aria-hidden="true">
        {SYMBOL[state]}
      </span>
      {t(`state.${state}`)}
    </span>
  );
}
