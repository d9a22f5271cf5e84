import type { AlertDto } from '@langxanh/contracts';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../../i18n';
import { api } from '../../../lib/api/client';
import { sessionStore } from '../../../lib/auth/session';
import { LiveContext } from '../../../lib/live/LiveStoreContext';
import { LiveStore } from '../../../lib/live/live-store';
import { alert, cluster, station } from '../../../testing/fixtures';
import { render } from '../../../testing/render';
import { AlertsPage } from './AlertsPage';

beforeAll(() => {
  initI18n();
});

afterEach(() => {
  sessionStore.set(null);
  vi.restoreAllMocks();
});

const signIn = () =>
  sessionStore.set({ token: 't', expiresAt: '2099-01-01T00:00:00Z', user: { username: 'sotnmt', role: 'department', clusters: [] } });

const ALERTS: AlertDto[] = [alert({ id: 'a1' }), alert({ id: 'a2', parameter: 'TSS' }), alert({ id: 'a3', parameter: 'BOD5' })];

function renderPage(url = '/alerts') {
  const store = new LiveStore();
  store.dispatch({ type: 'snapshot', snapshot: { clusters: [cluster()], stations: [station()], alerts: ALERTS } });
  const all = vi.spyOn(api, 'alerts').mockResolvedValue(ALERTS);
  render(
    <LiveContext.Provider value={{ store, reload: () => undefined }}>
      <MemoryRouter initialEntries={[url]}>
        <AlertsPage />
      </MemoryRouter>
    </LiveContext.Provider>,
  );
  return { store, all };
}

describe('AlertsPage', () => {
  it('asks an anonymous visitor to sign in, without asking the API (it would answer 401)', () => {
    const { all } = renderPage();
    expect(screen.getByTestId('sign-in-required').textContent).toContain('Đăng nhập');
    expect(screen.queryByTestId('alert-list')).toBeNull();
    expect(all).not.toHaveBeenCalled();
  });

  it('says that a station in the link is unknown instead of listing no alerts', async () => {
    signIn();
    renderPage('/alerts?station=khong-co');
    expect((await screen.findByTestId('alert-filter-unknown')).textContent).toContain('khong-co');
    // the filter is ignored: the alerts are listed
    expect(screen.getByTestId('alert-row-a1')).toBeTruthy();
  });

  it("tells a manager that another cluster in the link is not theirs, and offers only their clusters", async () => {
    sessionStore.set({ token: 't', expiresAt: '2099-01-01T00:00:00Z', user: { username: 'ql-pk', role: 'manager', clusters: ['phong-khe'] } });
    const store = new LiveStore();
    store.dispatch({
      type: 'snapshot',
      snapshot: { clusters: [cluster(), cluster({ id: 'da-hoi', name: 'CCN Đa Hội' })], stations: [station()], alerts: ALERTS },
    });
    vi.spyOn(api, 'alerts').mockResolvedValue(ALERTS);
    render(
      <LiveContext.Provider value={{ store, reload: () => undefined }}>
        <MemoryRouter initialEntries={['/alerts?cluster=da-hoi']}>
          <AlertsPage />
        </MemoryRouter>
      </LiveContext.Provider>,
    );
    expect((await screen.findByTestId('alerts-cluster-outside')).textContent).toContain('da-hoi');
    // the filter is ignored (their own alerts are listed), and the cluster choice holds only their cluster
    expect(screen.getByTestId('alert-row-a1')).toBeTruthy();
    const options = Array.from((screen.getByTestId('alert-filter-cluster') as HTMLSelectElement).options).map((o) => o.value);
    expect(options).toEqual(['', 'phong-khe']);
  });

  it('acknowledges the selected alerts in one request and shows them acknowledged', async () => {
    signIn();
    const ack = vi.spyOn(api, 'acknowledgeAlerts').mockImplementation(async ({ ids }) => ({
      acknowledged: ids.map((id) => ({ ...ALERTS.find((a) => a.id === id)!, state: 'acknowledged' as const, acknowledgedBy: 'sotnmt', acknowledgedAt: '2026-11-29T08:00:00.000Z' })),
      skipped: [],
    }));
    const { store } = renderPage();
    fireEvent.click(await screen.findByTestId('alert-select-a1'));
    fireEvent.click(screen.getByTestId('alert-select-a3'));
    expect(screen.getByTestId('bulk-selected-count').textContent).toContain('2');
    // a double submit (a double click lands before the button is disabled) sends one request
    fireEvent.submit(screen.getByTestId('bulk-acknowledge'));
    fireEvent.submit(screen.getByTestId('bulk-acknowledge'));
    await waitFor(() => expect(store.getState().alerts['a1']?.state).toBe('acknowledged'));
    expect(ack).toHaveBeenCalledTimes(1);
    expect(ack.mock.calls[0]?.[0]).toEqual({ ids: ['a1', 'a3'] });
    expect(store.getState().alerts['a2']?.state).toBe('active');
    expect((await screen.findByTestId('bulk-message')).textContent).toContain('2');
  });
});
