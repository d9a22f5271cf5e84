import { act, screen, waitFor } from '@testing-library/react';
import { render } from '../testing/render';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AlertDto } from '@langxanh/contracts';
import { MemoryRouter } from 'react-router-dom';
import { initI18n } from '../i18n';
import { FakeSocket } from '../testing/fake-socket';
import { alert, cluster, reading, station } from '../testing/fixtures';
import { ActiveAlertCount } from './ActiveAlertCount';
import { ConnectionIndicator } from './ConnectionIndicator';
import { LiveDataProvider, SNAPSHOT_WAIT_MS } from './LiveDataProvider';
import { queryKeys } from '../lib/api/queries';
import { OverviewPage } from '../features/overview/components/OverviewPage';
import { ApiError } from '../lib/api/client';
import { sessionStore } from '../lib/auth/session';
import { LiveGate } from './LiveGate';
import { ReconnectBanner } from './ReconnectBanner';

beforeAll(() => {
  initI18n();
});

const signIn = (): void =>
  sessionStore.set({ token: 't', expiresAt: '2099-01-01T00:00:00Z', user: { username: 'sotnmt', role: 'department', clusters: [] } });

beforeEach(signIn);
afterEach(() => sessionStore.set(null));

/** `snapshotWaitMs` 0 by default: these tests mostly play no connection, so the snapshot goes at once. */
function setup(activeAlerts: AlertDto[] | ((...args: unknown[]) => Promise<AlertDto[]>) = [], snapshotWaitMs = 0) {
  const socket = new FakeSocket();
  const api = {
    clusters: vi.fn(async () => [cluster()]),
    stations: vi.fn(async () => [station()]),
    alerts: vi.fn(typeof activeAlerts === 'function' ? activeAlerts : async () => activeAlerts),
  };
  const view = render(
    <MemoryRouter>
      <LiveDataProvider api={api} connect={() => socket.asLiveSocket()} snapshotWaitMs={snapshotWaitMs}>
        <ConnectionIndicator />
        <ReconnectBanner />
        <ActiveAlertCount />
        <LiveGate>
          <OverviewPage />
        </LiveGate>
      </LiveDataProvider>
    </MemoryRouter>,
  );
  return { socket, api, view };
}

describe('the active-alert counter', () => {
  it('starts from the snapshot and follows alert events', async () => {
    const { socket } = setup([alert({ id: 'a1' })]);
    const counter = screen.getByTestId('active-alert-count');
    await waitFor(() => expect(counter.textContent).toBe('1'));

    act(() => socket.serverEmit('alert', { change: 'raised', alert: alert({ id: 'a2', parameter: 'TSS' }) }));
    expect(counter.textContent).toBe('2');

    act(() =>
      socket.serverEmit('alert', {
        change: 'resolved',
        alert: alert({ id: 'a1', state: 'resolved', resolvedAt: '2026-11-29T08:00:00.000Z' }),
      }),
    );
    expect(counter.textContent).toBe('1');
  });
});

describe('the connection indicator', () => {
  it('says connected, then reconnecting when the socket drops, and refetches on reconnection', async () => {
    const { socket, api } = setup();
    const indicator = screen.getByTestId('connection-status');
    expect(indicator.dataset['state']).toBe('reconnecting');

    act(() => socket.serverEmit('connect'));
    expect(indicator.dataset['state']).toBe('connected');
    expect(indicator.textContent).toContain('Trực tuyến');
    await screen.findByTestId('cluster-phong-khe');

    act(() => socket.serverEmit('disconnect'));
    expect(indicator.dataset['state']).toBe('reconnecting');
    expect(indicator.textContent).toContain('Đang kết nối lại');

    act(() => socket.serverEmit('connect'));
    // the 1st connection came before the wait's timer: one snapshot for it, one for the reconnection
    await waitFor(() => expect(api.stations).toHaveBeenCalledTimes(2));
  });

  it('removes its listeners and closes the socket on unmount', () => {
    const { socket, view } = setup();
    expect(socket.listenerCount()).toBeGreaterThan(0);
    view.unmount();
    expect(socket.listenerCount()).toBe(0);
    expect(socket.disconnected).toBe(true);
  });
});

describe('the overview', () => {
  it('shows clusters and station cards with formatted values, updated live', async () => {
    const { socket } = setup();
    const card = await screen.findByTestId('station-card-pk-ww-01');
    expect(screen.getByTestId('cluster-phong-khe').textContent).toContain('Giấy tái chế');
    expect(card).toBeTruthy();

    const cod = screen.getByTestId('station-value-pk-ww-01-COD');
    expect(cod.textContent).toBe('85,2');
    expect(screen.getByTestId('station-value-pk-ww-01-pH').textContent).toBe('7,10');
    const state = screen.getByTestId('station-state-pk-ww-01');
    expect(state.dataset['state']).toBe('normal');
    expect(state.textContent).toContain('Bình thường');

    act(() => socket.serverEmit('reading', reading({ values: { COD: 1234.56 } })));
    expect(cod.textContent).toBe('1.234,6');

    act(() => socket.serverEmit('alert', { change: 'raised', alert: alert() }));
    expect(state.dataset['state']).toBe('exceeding');
    expect(state.textContent).toContain('Vượt ngưỡng');

    act(() => socket.serverEmit('station-state', { station: 'pk-ww-01', state: 'offline', lastSeen: null }));
    expect(state.dataset['state']).toBe('offline');
  });

  it('shows an error with a retry button when the snapshot fails', async () => {
    const socket = new FakeSocket();
    const api = {
      clusters: vi.fn(async () => [cluster()]),
      stations: vi.fn(async (): Promise<never> => {
        throw new Error('HTTP 502');
      }),
      alerts: vi.fn(async () => []),
    };
    render(
      <MemoryRouter>
        <LiveDataProvider api={api} connect={() => socket.asLiveSocket()} snapshotWaitMs={0}>
          <LiveGate>
            <OverviewPage />
          </LiveGate>
        </LiveDataProvider>
      </MemoryRouter>,
    );
    expect((await screen.findByRole('alert')).textContent).toContain('Không tải được');
  });
});

describe('resilience and anonymous access', () => {
  it('asks for open alerts, and for active ones from a server that does not know "open"', async () => {
    const calls: string[] = [];
    const { api } = setup(async (...args: unknown[]) => {
      calls.push(String(args[0]));
      if (args[0] === 'open') throw new ApiError(400, 'GET /api/alerts?state=open');
      return [alert({ id: 'a1' })];
    });
    await waitFor(() => expect(calls).toEqual(['open', 'active']));
    expect(api.alerts).toHaveBeenCalledTimes(2);
    await waitFor(() => expect(screen.getByTestId('active-alert-count').textContent).toBe('1'));
  });

  it('shows the reconnecting banner only while a working connection is lost', async () => {
    const { socket } = setup();
    act(() => socket.serverEmit('connect'));
    await screen.findByTestId('cluster-phong-khe');
    expect(screen.queryByTestId('reconnecting-banner')).toBeNull();
    act(() => socket.serverEmit('disconnect'));
    expect(screen.getByTestId('reconnecting-banner').textContent).toContain('Đang kết nối lại');
    act(() => socket.serverEmit('connect'));
    expect(screen.queryByTestId('reconnecting-banner')).toBeNull();
  });

  it('loads the public part of the snapshot when alerts are refused (403)', async () => {
    setup(async () => {
      throw new ApiError(403, 'GET /api/alerts?state=open');
    });
    await screen.findByTestId('cluster-phong-khe');
    expect(screen.getByTestId('active-alert-count').textContent).toBe('0');
    expect(screen.queryByTestId('sign-in-required')).toBeNull();
  });

  it('asks to sign in when the API refuses the snapshot itself', async () => {
    const socket = new FakeSocket();
    const api = {
      clusters: vi.fn(async () => [cluster()]),
      stations: vi.fn(async (): Promise<never> => {
        throw new ApiError(401, 'GET /api/stations');
      }),
      alerts: vi.fn(async () => []),
    };
    render(
      <MemoryRouter>
        <LiveDataProvider api={api} connect={() => socket.asLiveSocket()} snapshotWaitMs={0}>
          <LiveGate>
            <OverviewPage />
          </LiveGate>
        </LiveDataProvider>
      </MemoryRouter>,
    );
    expect((await screen.findByTestId('sign-in-required')).textContent).toContain('Đăng nhập');
  });

  it('asks an anonymous visitor for no alerts (the API would answer 401) and shows no alert counter', async () => {
    sessionStore.set(null);
    const { api } = setup([alert({ id: 'a1' })]);
    await screen.findByTestId('cluster-phong-khe');
    expect(api.alerts).not.toHaveBeenCalled();
    expect(screen.queryByTestId('active-alert-count')).toBeNull();
  });
});

describe('requests on load', () => {
  it('loads the snapshot once when the live connection comes up within the wait, and again only on a reconnection', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { socket, api, view } = setup([], SNAPSHOT_WAIT_MS);
      act(() => socket.serverEmit('connect'));
      await screen.findByTestId('cluster-phong-khe');
      act(() => void vi.advanceTimersByTime(SNAPSHOT_WAIT_MS * 2)); // the wait's timer must not load it again
      expect(api.clusters).toHaveBeenCalledTimes(1);
      expect(api.stations).toHaveBeenCalledTimes(1);
      expect(api.alerts).toHaveBeenCalledTimes(1);
      // the snapshot is in the query cache under the keys the pages read
      expect(view.client.getQueryData(queryKeys.stations)).toHaveLength(1);

      act(() => socket.serverEmit('disconnect'));
      act(() => socket.serverEmit('connect'));
      await waitFor(() => expect(api.stations).toHaveBeenCalledTimes(2));
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the cached alert lists current with the alert events', async () => {
    const { socket, view } = setup([alert({ id: 'a1' })]);
    await screen.findByTestId('cluster-phong-khe');
    view.client.setQueryData(queryKeys.allAlerts, [alert({ id: 'a1' })]);
    act(() =>
      socket.serverEmit('alert', {
        change: 'acknowledged',
        alert: alert({ id: 'a1', state: 'acknowledged', acknowledgedAt: '2026-11-29T08:00:00.000Z', acknowledgedBy: 'x' }),
      }),
    );
    expect(view.client.getQueryData<AlertDto[]>(queryKeys.allAlerts)?.[0]?.state).toBe('acknowledged');
    expect(view.client.getQueryData<AlertDto[]>(queryKeys.openAlerts)?.[0]?.state).toBe('acknowledged');
  });
});
