import type { AlertDto } from '@langxanh/contracts';
import { memo } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { DateTimeText } from '../../../components/TimeText';
import { useLanguage } from '../../../i18n/useLanguage';
import { formatValueWithUnit } from '../../../lib/format/format';
import { formatPermitted, formatSource, formatSourceNote } from '../../../lib/format/limits';
import { isOpen } from '../../../lib/live/live-state';
import { parameterLabel, parameterSpec } from '../../../lib/parameters';
import { AlertActions } from './AlertActions';
import { AlertHistory } from './AlertHistory';

const STATE_SYMBOL = { active: '!', acknowledged: '•', resolved: '✓' } as const;

export interface AlertRowProps {
  readonly alert: AlertDto;
  readonly stationName: string;
  readonly clusterName: string;
  /** With `onSelect`: a checkbox to pick the alert for a bulk acknowledgement. */
  readonly selected?: boolean;
  readonly onSelect?: (id: string, selected: boolean) => void;
}

/** The ingester's own alerts (type `system`: libs/alerting ingest-link.ts) by rule id. */
function systemAlertLabel(ruleId: string, t: TFunction): string {
  if (ruleId === 'ingester/link-down') return t('systemAlert.ingester/link-down');
  if (ruleId === 'ingester/broker-drops') return t('systemAlert.ingester/broker-drops');
  return t('systemAlert.other');
}

/**
 * One alert, compact: state, severity, what and where, the value against the limit and when it began; the peak,
 * the document, the end and the history fold under "details" (one alert used to fill a phone's screen).
 */
export const AlertRow = memo(function AlertRow({ alert, stationName, clusterName, selected, onSelect }: AlertRowProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const spec = parameterSpec(alert.kind, alert.parameter);
  const value = (v: number): string => formatValueWithUnit(v, spec, language, alert.unit);
  const period = t(`averaging.${alert.averagingPeriod}`);
  // `threshold` when absent; `offline` (a silent station, parameter `silence`); `device-fault` (status 02).
  const type = alert.type ?? 'threshold';
  const label =
    type === 'offline'
      ? t('alerts.type.offline')
      : type === 'system'
        ? systemAlertLabel(alert.ruleId, t)
        : type === 'device-fault'
        ? `${t('alerts.type.deviceFault')}: ${parameterLabel(alert.kind, alert.parameter, language)}`
        : parameterLabel(alert.kind, alert.parameter, language);

  return (
    <li
      className={`card alert-row alert-row--${alert.state} alert-row--${alert.severity}`}
      data-testid={`alert-row-${alert.id}`}
      data-state={alert.state}
      data-severity={alert.severity}
      data-type={type}
    >
      <div className="alert-row__head">
        {onSelect && (
          <input
            type="checkbox"
            className="alert-row__select"
            data-testid={`alert-select-${alert.id}`}
            checked={selected ?? false}
            aria-label={t('alerts.bulk.select')}
            onChange={(e) => onSelect(alert.id, e.target.checked)}
          />
        )}
        <span className={`badge badge--alert-${alert.state}`} data-testid="alert-state">
          <span className="badge__symbol" aria-hidden="true">
            {STATE_SYMBOL[alert.state]}
          </span>
          {t(`alerts.state.${alert.state}`)}
        </span>
        <span className={`badge badge--severity-${alert.severity}`} data-testid="alert-severity">
          {t(`alerts.severity.${alert.severity}`)}
        </span>
        <h3 className="alert-row__title">
          {label}
          {type !== 'offline' && label !== alert.parameter && <span className="muted"> · {alert.parameter}</span>}
        </h3>
        <p className="alert-row__where">
          <Link to={`/stations/${encodeURIComponent(alert.station)}`}>{stationName}</Link>
          <span className="muted"> · {clusterName}</span>
        </p>
      </div>
      <dl className="alert-row__facts">
        <div>
          <dt>{t('alerts.value')}</dt>
          <dd>
            <strong>{value(alert.triggerValue)}</strong> <span className="muted">({period})</span>
          </dd>
        </div>
        <div>
          <dt>{t('alerts.limit')}</dt>
          <dd>{formatPermitted(alert, language, t)}</dd>
        </div>
        <div>
          <dt>{t('alerts.raisedAt')}</dt>
          <dd>
            <DateTimeText time={alert.raisedAt} />
          </dd>
        </div>
      </dl>
      <details className="alert-row__more">
        <summary>{t('alerts.more')}</summary>
        <dl className="alert-row__facts">
          <div>
            <dt>{t('alerts.peak')}</dt>
            <dd>{value(alert.peakValue)}</dd>
          </div>
          {alert.state === 'resolved' && (
            // While active, the live value is on the station card; an alert event carries it only when it worsens.
            <div>
              <dt>{t('alerts.last')}</dt>
              <dd>
                {value(alert.lastValue)} <span className="muted small">(<DateTimeText time={alert.lastValueAt} />)</span>
              </dd>
            </div>
          )}
          <div className="alert-row__source">
            <dt>{t('alerts.source')}</dt>
            <dd>
              {formatSource(alert.source, language)}
              {formatSourceNote(alert.source, language) && <span className="muted"> — {formatSourceNote(alert.source, language)}</span>}
            </dd>
          </div>
          <div>
            <dt>{t('alerts.resolvedAt')}</dt>
            <dd>{alert.resolvedAt ? <DateTimeText time={alert.resolvedAt} /> : t('alerts.stillActive')}</dd>
          </div>
        </dl>
        <AlertHistory alert={alert} />
      </details>
      {isOpen(alert) && <AlertActions alert={alert} />}
    </li>
  );
});
