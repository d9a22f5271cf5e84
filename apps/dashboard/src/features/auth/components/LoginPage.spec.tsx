import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../../i18n';
import { api, ApiError } from '../../../lib/api/client';
import { sessionStore } from '../../../lib/auth/session';
import { LoginPage } from './LoginPage';

beforeAll(() => {
  initI18n();
});

afterEach(() => {
  sessionStore.set(null);
  vi.restoreAllMocks();
});

function renderLogin() {
  render(
    <MemoryRouter initialEntries={['/login?next=/alerts']}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/alerts" element={<p>alerts page</p>} />
      </Routes>
    </MemoryRouter>,
  );
  fireEvent.change(screen.getByTestId('login-username'), { target: { value: ' admin ' } });
  fireEvent.change(screen.getByTestId('login-password'), { target: { value: 'secret' } });
  fireEvent.click(screen.getByTestId('login-submit'));
}

describe('LoginPage', () => {
  it('keeps the session and goes to the page asked for', async () => {
    const session = { token: 'tok', expiresAt: '2099-01-01T00:00:00Z', user: { username: 'admin', role: 'admin' as const, clusters: [] } };
    const spy = vi.spyOn(api, 'login').mockResolvedValue(session);
    renderLogin();
    await screen.findByText('alerts page');
    expect(spy).toHaveBeenCalledWith({ username: 'admin', password: 'secret' });
    expect(sessionStore.get()?.token).toBe('tok');
  });

  it('says the credentials are wrong on 401, and keeps no session', async () => {
    vi.spyOn(api, 'login').mockRejectedValue(new ApiError(401, 'POST /api/auth/login'));
    renderLogin();
    await waitFor(() => expect(screen.getByTestId('login-error').textContent).toMatch(/Sai tên đăng nhập/));
    expect(sessionStore.get()).toBeNull();
  });
});
