import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { render } from '../../../testing/render';
import type { ReadingsDto } from '@langxanh/contracts';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../../i18n';
import { api, ApiError } from '../../../lib/api/client';
import { sessionStore } from '../../../lib/auth/session';
import { LiveContext } from '../../../lib/live/LiveStoreContext';
import { LiveStore } from '../../../lib/live/live-store';
import { alert, cluster, COD_RULE, station } from '../../../testing/fixtures';
import { StationPage } from './StationPage';

/** jsdom has no ResizeObserver; recharts' ResponsiveContainer needs one (sizes stay 0, nothing is drawn). */
class NoopResizeObserver {
  observed = 0;
  observe(): void {
    this.observed += 1;
  }
  unobserve(): void {
    this.observed -= 1;
  }
  disconnect(): void {
    this.observed = 0;
  }
}

beforeAll(() => {
  initI18n();
  globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;
});

afterEach(() => {
  sessionStore.set(null);
  vi.restoreAllMocks();
});

function renderStation(id: string, stations = [station()]) {
  const store = new LiveStore();
  store.dispatch({
    type: 'snapshot',
    snapshot: { clusters: [cluster()], stations, alerts: [alert()] },
  });
  render(
    <LiveContext.Provider value={{ store, reload: () => undefined }}>
      <MemoryRouter initialEntries={[`/stations/${id}`]}>
        <Routes>
          <Route path="/stations/:id" element={<StationPage />} />
        </Routes>
      </MemoryRouter>
    </LiveContext.Provider>,
  );
  return store;
}

const readings = (parameter: string): ReadingsDto => ({
  station: 'pk-ww-01',
  parameter,
  unit: 'mg/L',
  from: '2026-11-28T07:00:00.000Z',
  to: '2026-11-29T07:00:00.000Z',
  everyS: 300,
  points: [
    { time: '2026-11-29T06:50:00.000Z', mean: 80, min: 70, max: 90, count: 5 },
    { time: '2026-11-29T06:55:00.000Z', mean: null, min: null, max: null, count: 0 },
  ],
});

describe('station page', () => {
  it('has one chart per reported or limited parameter, the range selector and the open alerts', async () => {
    const spy = vi.spyOn(api, 'readings').mockImplementation(async (q) => readings(q.parameter));
    renderStation('pk-ww-01');

    expect(await screen.findByTestId('chart-COD')).toBeTruthy();
    expect(screen.getByTestId('chart-pH')).toBeTruthy();
    expect(screen.getByTestId('range-24h').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId(`alert-row-${alert().id}`).dataset['state']).toBe('active');
    await waitFor(() => expect(spy).toHaveBeenCalledTimes(2));
    const first = spy.mock.calls[0]?.[0];
    expect(first && first.to - first.from).toBe(24 * 3_600_000);

    await act(async () => {
      fireEvent.click(screen.getByTestId('range-6h'));
    });
    expect(screen.getByTestId('range-6h').getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(spy).toHaveBeenCalledTimes(4));
    const last = spy.mock.calls[3]?.[0];
    expect(last && last.to - last.from).toBe(6 * 3_600_000);
  });

  it('fetches the averaging period before the range for a parameter with an averaged limit (its rolling mean at the start)', async () => {
    const spy = vi.spyOn(api, 'readings').mockImplementation(async (q) => ({ ...readings(q.parameter), unit: 'µg/m³' }));
    const air = station({
      id: 'pk-air-01',
      kind: 'air',
      standard: { qcvn: 'QCVN 05:2023/BTNMT' },
      latest: { 'PM2.5': { value: 30, time: '2026-11-29T07:00:00.000Z', status: '00' } },
      limits: [
        { ...COD_RULE, id: 'qcvn05-2023/PM2.5/24h', parameter: 'PM2.5', averagingPeriod: '24h', max: 50 },
        { ...COD_RULE, id: 'qcvn05-2023/PM2.5/1h', parameter: 'PM2.5', averagingPeriod: '1h', max: 100 },
      ],
    });
    renderStation('pk-air-01', [air]);
    expect(await screen.findByTestId('chart-PM2.5')).toBeTruthy();
    await waitFor(() => expect(spy).toHaveBeenCalled());
    const asked = spy.mock.calls.find((call) => call[0].parameter === 'PM2.5')?.[0];
    // 24 h shown + the longest averaging period (24 h) before it.
    expect(asked && asked.to - asked.from).toBe(48 * 3_600_000);
  });

  it('says so when the station does not exist (the API answers 404)', async () => {
    sessionStore.set({ token: 't', expiresAt: '2099-01-01T00:00:00Z', user: { username: 'sotnmt', role: 'department', clusters: [] } });
    const spy = vi.spyOn(api, 'station').mockRejectedValue(new ApiError(404, 'GET /api/stations/nowhere'));
    renderStation('nowhere');
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('nowhere'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('Không tìm thấy');
    expect(spy).toHaveBeenCalledWith('nowhere', expect.anything());
    expect(screen.queryByTestId('sign-in-required')).toBeNull();
    expect(screen.queryByTestId('station-forbidden')).toBeNull();
  });

  it('shows a retired station (not in the live store) from GET /api/stations/{id} with a banner and its charts', async () => {
    sessionStore.set({ token: 't', expiresAt: '2099-01-01T00:00:00Z', user: { username: 'sotnmt', role: 'department', clusters: [] } });
    const retired = station({ id: 'pk-ww-09', name: 'Trạm cũ', retiredAt: '2026-11-20T03:00:00.000Z' });
    const one = vi.spyOn(api, 'station').mockResolvedValue(retired);
    vi.spyOn(api, 'readings').mockImplementation(async (q) => ({ ...readings(q.parameter), station: 'pk-ww-09' }));
    renderStation('pk-ww-09');
    expect(await screen.findByTestId('station-page-pk-ww-09')).toBeTruthy();
    expect(one).toHaveBeenCalledWith('pk-ww-09', expect.anything());
    const banner = screen.getByTestId('station-retired').textContent ?? '';
    expect(banner).toContain('ngừng hoạt động');
    expect(banner).toContain('2026'); // the retirement date, formatted (20/11/2026 10:00 in Vietnam time)
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Trạm cũ');
    expect(await screen.findByTestId('chart-COD')).toBeTruthy();
  });

  it('tells a manager that a station outside their clusters is not theirs to see (the API answers 403)', async () => {
    sessionStore.set({ token: 't', expiresAt: '2099-01-01T00:00:00Z', user: { username: 'ql-dh', role: 'manager', clusters: ['dh'] } });
    vi.spyOn(api, 'station').mockRejectedValue(new ApiError(403, 'GET /api/stations/pk-ww-02'));
    renderStation('pk-ww-02');
    expect((await screen.findByTestId('station-forbidden')).textContent).toContain('ngoài các cụm');
    expect(screen.getByRole('heading', { level: 1 }).textContent).not.toContain('Không tìm thấy');
    expect(screen.queryByTestId('sign-in-required')).toBeNull();
  });

  it('does not ask the API for a station it does not know while anonymous (sign-in prompt instead)', () => {
    const spy = vi.spyOn(api, 'station');
    renderStation('dh-ww-01');
    expect(screen.getByTestId('sign-in-required')).toBeTruthy();
    expect(spy).not.toHaveBeenCalled();
  });

  it('asks an anonymous visitor to sign in for a station the public data does not hold (a wastewater link)', () => {
    renderStation('dh-ww-01');
    expect(screen.getByTestId('sign-in-required').textContent).toContain('đăng nhập');
  });
});
