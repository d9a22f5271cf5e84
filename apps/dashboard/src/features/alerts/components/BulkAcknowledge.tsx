import { MAX_BULK_ACKNOWLEDGE, MAX_COMMENT_LENGTH, type AlertDto } from '@langxanh/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api/client';
import { upsertCachedAlert } from '../../../lib/api/queries';
import { useLiveContext } from '../../../lib/live/LiveStoreContext';
import { acknowledgeAlerts } from '../api/alerts';

export interface BulkAcknowledgeProps {
  /** The alerts that may be selected (active ones, in list order). */
  readonly selectable: readonly AlertDto[];
  readonly selected: ReadonlySet<string>;
  readonly onChange: (selected: ReadonlySet<string>) => void;
}

/**
 * The bar above the alert list: "select all unacknowledged", how many are selected, an optional comment, and
 * "acknowledge N alerts" in one request (`POST /api/alerts/acknowledge`, at most MAX_BULK_ACKNOWLEDGE). The
 * acknowledged alerts go into the live state and the cached lists at once; skipped ones are counted.
 */
export function BulkAcknowledge({ selectable, selected, onChange }: BulkAcknowledgeProps) {
  const { t } = useTranslation();
  const { store } = useLiveContext();
  const queryClient = useQueryClient();
  const [comment, setComment] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  // A double click submits twice before the button is re-rendered disabled: the second submit is dropped here.
  const sending = useRef(false);
  const mutation = useMutation({
    mutationFn: (ids: readonly string[]) => acknowledgeAlerts(ids, comment),
    onSuccess: (result) => {
      for (const alert of result.acknowledged) {
        store.dispatch({ type: 'alert', event: { change: 'acknowledged', alert } });
        upsertCachedAlert(queryClient, alert);
      }
      const parts = [t('alerts.bulk.done', { count: result.acknowledged.length })];
      if (result.skipped.length > 0) parts.push(t('alerts.bulk.skipped', { count: result.skipped.length }));
      setMessage(parts.join(' '));
      setComment('');
      onChange(new Set());
    },
    onSettled: () => {
      sending.current = false;
    },
    onError: (reason: unknown) => {
      const status = reason instanceof ApiError ? reason.status : 0;
      setMessage(t(status === 403 ? 'alerts.forbidden' : status === 409 ? 'alerts.conflict' : 'alerts.actionFailed'));
    },
  });

  if (selectable.length === 0 && !message) return null;
  const ids = selectable.filter((a) => selected.has(a.id)).map((a) => a.id);
  const allIds = selectable.slice(0, MAX_BULK_ACKNOWLEDGE).map((a) => a.id);
  const allSelected = ids.length > 0 && ids.length === allIds.length;
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (ids.length === 0 || sending.current) return;
    sending.current = true;
    setMessage(null);
    mutation.mutate(ids.slice(0, MAX_BULK_ACKNOWLEDGE));
  };

  return (
    <form className="bulk-bar card" data-testid="bulk-acknowledge" onSubmit={submit}>
      {selectable.length > 0 && (
        <label className="bulk-bar__all">
          <input
            type="checkbox"
            data-testid="alert-select-all"
            checked={allSelected}
            onChange={(e) => onChange(new Set(e.target.checked ? allIds : []))}
          />{' '}
          {t('alerts.bulk.selectAll', { count: allIds.length })}
        </label>
      )}
      {ids.length > 0 && (
        <>
          <span className="bulk-bar__count" data-testid="bulk-selected-count">
            {t('alerts.bulk.selected', { count: ids.length })}
          </span>
          <input
            className="bulk-bar__comment"
            type="text"
            maxLength={MAX_COMMENT_LENGTH}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            placeholder={t('alerts.ackComment')}
            aria-label={t('alerts.ackComment')}
          />
          <button type="submit" className="button button--primary button--small" data-testid="bulk-acknowledge-submit" disabled={mutation.isPending}>
            {t('alerts.bulk.acknowledge', { count: ids.length })}
          </button>
          <button type="button" className="button button--small" onClick={() => onChange(new Set())}>
            {t('alerts.bulk.clear')}
          </button>
        </>
      )}
      {message && (
        <p className="bulk-bar__message small" role="status" data-testid="bulk-message">
          {message}
        </p>
      )}
    </form>
  );
}
