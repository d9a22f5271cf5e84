import type { AlertDto } from '@langxanh/contracts';
import { useTranslation } from 'react-i18next';
import { DateTimeText } from '../../../components/TimeText';

interface HistoryEntry {
  readonly at: string;
  readonly key: string;
  readonly text: string;
}

/** What happened to an alert, oldest first: raised, acknowledged (by whom), comments, resolved. */
export function AlertHistory({ alert }: { readonly alert: AlertDto }) {
  const { t } = useTranslation();
  const entries: HistoryEntry[] = [{ at: alert.raisedAt, key: 'raised', text: t('alerts.history.raised') }];
  if (alert.acknowledgedAt) {
    entries.push({
      at: alert.acknowledgedAt,
      key: 'acknowledged',
      text: t('alerts.history.acknowledged', { by: alert.acknowledgedBy ?? '?' }),
    });
  }
  (alert.comments ?? []).forEach((comment, index) =>
    entries.push({ at: comment.at, key: `comment-${index}`, text: t('alerts.history.comment', { by: comment.by, text: comment.text }) }),
  );
  const escalatedAt = alert.escalatedAt;
  if (escalatedAt) entries.push({ at: escalatedAt, key: 'escalated', text: t('alerts.history.escalated') });
  if (alert.resolvedAt) entries.push({ at: alert.resolvedAt, key: 'resolved', text: t('alerts.history.resolved') });
  entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    // Open for a short history; a long one (up to 100 comments) stays folded so one alert does not fill the page.
    <details className="alert-history" open={entries.length > 1 && entries.length <= 5}>
      <summary>{t('alerts.history.title', { count: entries.length })}</summary>
      <ol data-testid={`alert-history-${alert.id}`}>
        {entries.map((entry) => (
          <li key={entry.key} data-kind={entry.key.replace(/-\d+$/, '')}>
            <DateTimeText time={entry.at} /> — {entry.text}
          </li>
        ))}
      </ol>
    </details>
  );
}
