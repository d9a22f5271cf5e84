import type { StationKind } from '@langxanh/contracts';
import { useTranslation } from 'react-i18next';

const PATHS: Readonly<Record<StationKind, string>> = {
  // a drop
  wastewater: 'M12 2.5C9 7 6 10.3 6 14a6 6 0 0 0 12 0c0-3.7-3-7-6-11.5z',
  // wind lines
  air: 'M3 8h11a3 3 0 1 0-3-3M3 12h16a3 3 0 1 1-3 3M3 16h8',
  // a bin
  waste: 'M5 7h14M9 7V4h6v3M7 7l1 13h8l1-13M10 11v6M14 11v6',
};

/** The station kind as an icon and a word. */
export function KindLabel({ kind }: { readonly kind: StationKind }) {
  const { t } = useTranslation();
  return (
    <span className={`kind kind--${kind}`}>
      <svg className="kind__icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
        <path
          d={PATHS[kind]}
          fill={kind === 'wastewater' ? 'currentColor' : 'none'}
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      {t(`kind.${kind}`)}
    </span>
  );
}
