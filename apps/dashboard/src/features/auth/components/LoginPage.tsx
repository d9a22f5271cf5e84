import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useDocumentTitle } from '../../../lib/page/useDocumentTitle';
import { ApiError } from '../../../lib/api/client';
import { login } from '../api/login';

/** `/login`: username and password; back to `?next=` (or the overview) once signed in. */
export function LoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('auth.title'));
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    login(username.trim(), password).then(
      () => {
        const next = params.get('next');
        void navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
      },
      (reason: unknown) => {
        setBusy(false);
        const status = reason instanceof ApiError ? reason.status : 0;
        setError(t(status === 401 || status === 400 ? 'auth.wrongCredentials' : status === 429 ? 'auth.tooMany' : 'auth.failed'));
      },
    );
  };

  return (
    <div className="page page--narrow">
      <h1>{t('auth.title')}</h1>
      <p className="muted">{t('auth.anonymousNote')}</p>
      <form className="card form" onSubmit={submit} data-testid="login-form">
        <label className="form__field">
          <span>{t('auth.username')}</span>
          <input
            data-testid="login-username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label className="form__field">
          <span>{t('auth.password')}</span>
          <input
            data-testid="login-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="form__error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary" data-testid="login-submit" disabled={busy}>
          {t(busy ? 'auth.signingIn' : 'auth.signIn')}
        </button>
      </form>
    </div>
  );
}
