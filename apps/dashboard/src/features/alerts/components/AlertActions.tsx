import type { AlertDto } from '@langxanh/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../../lib/api/client';
import { useLiveContext } from '../../../lib/live/LiveStoreContext';
import { acknowledgeAlert, commentAlert } from '../api/alerts';

type Mode = 'idle' | 'acknowledge' | 'comment';

/**
 * "Acknowledge" (with an optional comment) and "comment" on an open alert. The answer (the updated alert) goes
 * into the live state at once; the server's `alert` event, when it arrives, is recognised as the same change.
 * The server decides who may act: a 401 turns into "sign in to act", a 403 into "not allowed".
 */
export function AlertActions({ alert }: { readonly alert: AlertDto }) {
  const { t } = useTranslation();
  const { store } = useLiveContext();
  const [mode, setMode] = useState<Mode>('idle');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [needsSignIn, setNeedsSignIn] = useState(false);

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
    setBusy(true);
    setError(null);
    const request = mode === 'acknowledge' ? acknowledgeAlert(alert.id, text) : commentAlert(alert.id, text);
    request.then(
      (updated) => {
        store.dispatch({ type: 'alert', event: { change: mode === 'acknowledge' ? 'acknowledged' : 'commented', alert: updated } });
        setBusy(false);
        setMode('idle');
        setText('');
      },
      (reason: unknown) => {
        setBusy(false);
        const status = reason instanceof ApiError ? reason.status : 0;
        if (status === 401) {
          setNeedsSignIn(true);
          return;
        }
        setError(t(status === 403 ? 'alerts.forbidden' : status === 409 ? 'alerts.conflict' : 'alerts.actionFailed'));
      },
    );
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
