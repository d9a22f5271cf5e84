import type { HealthDto } from '@langxanh/contracts';
import { screen, waitFor } from '@testing-library/react';
import i18next from 'i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../i18n';
import { api } from '../lib/api/client';
import { render } from '../testing/render';
import { HealthStatus } from './HealthStatus';

beforeAll(() => {
  initI18n();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const health = (averages?: HealthDto['averages']): HealthDto => ({
  status: 'ok',
  uptimeS: 5,
  broker: { connected: true, url: 'mqtt://127.0.0.1:1883' },
  database: { reachable: true, writing: true, api: 'v1' },
  counters: { messages: 0, readingsAccepted: 0, rejections: {}, pointsWritten: 0, writeFailures: 0, pointsDropped: 0 },
  ...(averages ? { averages } : {}),
});
const since = '2026-12-07T23:00:00.000Z';

describe('HealthStatus: the averaged limits warm-up (issue 19)', () => {
  it('says how many stations are warmed while warming (vi and en), nothing more once ready', async () => {
    await i18next.changeLanguage('en');
    vi.spyOn(api, 'health').mockResolvedValue(health({ state: 'warming', stations: { warmed: 25, total: 60 }, failed: 0, attempts: 1, since }));
    render(<HealthStatus />);
    await waitFor(() => expect(screen.getByTestId('health-averages').textContent).toContain('Averaged limits warming up from stored history: 25 of 60 stations'));
    await i18next.changeLanguage('vi');
    await waitFor(() => expect(screen.getByTestId('health-averages').textContent).toContain('Đang nạp dữ liệu lưu trữ cho các giới hạn trung bình: 25/60 trạm'));
  });

  it('names the stations given up when partial, and shows no note once ready', async () => {
    await i18next.changeLanguage('en');
    vi.spyOn(api, 'health').mockResolvedValue(health({ state: 'partial', stations: { warmed: 50, total: 60 }, failed: 10, attempts: 9, since, finishedAt: since }));
    const partial = render(<HealthStatus />);
    await waitFor(() => expect(screen.getByTestId('health-averages').textContent).toContain('the stored history of 10 stations could not be read'));
    partial.unmount();
    vi.spyOn(api, 'health').mockResolvedValue(health({ state: 'ready', stations: { warmed: 60, total: 60 }, failed: 0, attempts: 1, since, finishedAt: since }));
    render(<HealthStatus />);
    await waitFor(() => expect(screen.getByTestId('health-status').textContent).toContain('All systems normal'));
    expect(screen.queryByTestId('health-averages')).toBeNull();
  });
});
