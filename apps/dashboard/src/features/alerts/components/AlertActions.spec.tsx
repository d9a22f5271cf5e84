import { fireEvent, screen, waitFor } from '@testing-library/react';
import { render } from '../../../testing/render';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../../i18n';
import { api, ApiError } from '../../../lib/api/client';
import { sessionStore } from '../../../lib/auth/session';
import { LiveContext } from '../../../lib/live/LiveStoreContext';
import { LiveStore } from '../../../lib/live/live-store';
import { alert, cluster, station } from '../../../testing/fixtures';
import { AlertActions } from './AlertActions';

beforeAll(() => {
  initI18n();
});

afterEach(() => {
  sessionStore.set(null);
  vi.restoreAllMocks();
});

function renderActions() {
  const store = new LiveStore();
  store.dispatch({ type: 'snapshot', snapshot: { clusters: [cluster()], stations: [station()], alerts: [alert()] } });
  const current = () => store.getState().alerts[alert().id];
  render(
    <LiveContext.Provider value={{ store, reload: () => undefined }}>
      <MemoryRouter>
        <AlertActions alert={alert()} />
      </MemoryRouter>
    </LiveContext.Provider>,
  );
  return { current };
}

const signIn = () =>
  sessionStore.set({ token: 't', expiresAt: '2099-01-01T00:00:00Z', user: { username: 'sotnmt', role: 'department', clusters: [] } });

describe('AlertActions', () => {
  it('asks to sign in when the server wants a signed-in user', async () => {
    vi.spyOn(api, 'acknowledgeAlert').mockRejectedValue(new ApiError(401, 'POST /api/alerts/x/acknowledge'));
    renderActions();
    fireEvent.click(screen.getByTestId(`alert-ack-${alert().id}`));
    fireEvent.click(screen.getByTestId('alert-action-submit'));
    expect((await screen.findByRole('link')).textContent).toMatch(/Đăng nhập/);
    expect(screen.queryByTestId(`alert-ack-${alert().id}`)).toBeNull();
  });

  it('acknowledges with a comment and puts the answer into the live state', async () => {
    signIn();
    const acknowledged = alert({
      state: 'acknowledged',
      acknowledgedBy: 'sotnmt',
      acknowledgedAt: '2026-11-29T07:05:00.000Z',
      comments: [{ by: 'sotnmt', at: '2026-11-29T07:05:00.000Z', text: 'Đã gọi cơ sở' }],
    });
    const spy = vi.spyOn(api, 'acknowledgeAlert').mockResolvedValue(acknowledged);
    const { current } = renderActions();
    fireEvent.click(screen.getByTestId(`alert-ack-${alert().id}`));
    fireEvent.change(screen.getByTestId('alert-action-text'), { target: { value: '  Đã gọi cơ sở ' } });
    fireEvent.click(screen.getByTestId('alert-action-submit'));
    await waitFor(() => expect(current()?.state).toBe('acknowledged'));
    expect(spy).toHaveBeenCalledWith(alert().id, { comment: 'Đã gọi cơ sở' });
  });

  it('says so when the server refuses', async () => {
    signIn();
    vi.spyOn(api, 'acknowledgeAlert').mockRejectedValue(new ApiError(403, 'POST /api/alerts/x/acknowledge'));
    const { current } = renderActions();
    fireEvent.click(screen.getByTestId(`alert-ack-${alert().id}`));
    fireEvent.click(screen.getByTestId('alert-action-submit'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/không có quyền/);
    expect(current()?.state).toBe('active');
  });
});
