import type { AlertDto } from '@langxanh/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../../lib/api/client';
import { upsertCachedAlert } from '../../../lib/api/queries';
import { useLiveContext } from '../../../lib/live/LiveStoreContext';
import { acknowledgeAlert, commentAlert } from '../api/alerts';

type Mode = 'idle' | 'acknowledge' | 'comment';

/**
 * "Acknowledge" (with an optional comment) and "comment" on an open alert (a TanStack mutation). The answer (the
 * updated alert) goes into the live state and the cached alert lists at once; the server's `alert` event, when it arrives, is recognised as the same change.
 * The server decides who may act: a 401 turns into "sign in to act", a 403 into "not allowed".
 */
export function AlertActions({ alert }: { readonly alert: AlertDto }) {
  const { t } = useTranslation();
  const { store } = useLiveContext();
  const [mode, setMode] = useState<Mode>('idle');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [needsSignIn, setNeedsSignIn] = useState(false);
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (change: { readonly mode: Exclude<Mode, 'idle'>; readonly text: string }) =>
      change.mode === 'acknowledge' ? acknowledgeAlert(alert.id, change.text) : commentAlert(alert.id, change.text),
    onSuccess: (updated, change) => {
      store.dispatch({ type: 'alert', event: { change: change.mode === 'acknowledge' ? 'acknowledged' : 'commented', alert: updated } });
      upsertCachedAlert(queryClient, updated);
      setMode('idle');
      setText('');
    },
    onError: (reason: unknown) => {
      const status = reason instanceof ApiError ? reason.status : 0;
      if (status === 401) {
        setNeedsSignIn(true);
        return;
      }
      setError(t(status === 403 ? 'alerts.forbidden' : status === 409 ? 'alerts.conflict' : 'alerts.actionFailed'));
    },
  });
  const busy = mutation.isPending;

  if (needsSignIn) {
    return (
      <p className="alert-actions muted small">
        <Link to={`/login?next=${encodeURIComponent('/alerts')}`}>{t('alerts.signInToAct')}</Link>
      </p>
    );
  }

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (mode === 'comment' && !text.trim()) return;
    if (mode === 'idle') return;
    setError(null);
    mutation.mutate({ mode, text });
  };

  if (mode === 'idle') {
    return (
      <div className="alert-actions">
        {alert.state === 'active' && (
          <button type="button" className="button button--primary button--small" data-testid={`alert-ack-${alert.id}`} onClick={() => setMode('acknowledge')}>
            {t('alerts.acknowledge')}
          </button>
        )}
        <button type="button" className="button button--small" data-testid={`alert-comment-${alert.id}`} onClick={() => setMode('comment')}>
          {t('alerts.addComment')}
        </button>
      </div>
    );
  }
  return (
    <form className="alert-actions alert-actions--form" onSubmit={submit}>
      <label className="form__field">
        <span>{t(mode === 'acknowledge' ? 'alerts.ackComment' : 'alerts.comment')}</span>
        <textarea
          data-testid="alert-action-text"
          rows={2}
          maxLength={2000}
          required={mode === 'comment'}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
      <div className="alert-actions__buttons">
        <button type="submit" className="button button--primary button--small" data-testid="alert-action-submit" disabled={busy}>
          {t(mode === 'acknowledge' ? 'alerts.acknowledge' : 'alerts.addComment')}
        </button>
        <button type="button" className="button button--small" onClick={() => setMode('idle')} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
