import type { StationAqiDto } from '@langxanh/contracts';
import { screen } from '@testing-library/react';
import { render } from '../../../testing/render';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../../i18n';
import { api } from '../../../lib/api/client';
import { LiveContext } from '../../../lib/live/LiveStoreContext';
import { LiveStore } from '../../../lib/live/live-store';
import { cluster, station } from '../../../testing/fixtures';
import { AqiPanel } from './AqiPanel';

beforeAll(() => {
  initI18n();
});
afterEach(() => {
  vi.restoreAllMocks();
});

// QĐ 1459 worked example T2 (shared docs/domain.md §7) as the API would send it (PM2.5 NowCast 20.3 → 41, O3 → 43, NO2 → 59).
const dto: StationAqiDto = {
  station: 'pk-air-01',
  scale: 'VN_AQI',
  method: 'QĐ 1459/QĐ-TCMT',
  at: '2026-11-29T13:00:00.000Z',
  current: {
    time: '2026-11-29T13:00:00.000Z',
    aqi: 59,
    band: { key: 'moderate', level: 2, colour: '#FFFF00' },
    dominant: 'NO2',
    subIndices: [
      { parameter: 'PM2.5', basis: 'nowcast', concentration: 20.3, aqi: 41, dominant: false },
      { parameter: 'O3', basis: '1h', concentration: 136.1, aqi: 43, dominant: false },
      { parameter: 'NO2', basis: '1h', concentration: 118.7, aqi: 59, dominant: true },
    ],
    nowcast: { 'PM2.5': 20.3 },
  },
  hourly: [],
  daily: [
    {
      date: '2026-11-29',
      aqi: 110,
      band: { key: 'poor', level: 3, colour: '#FF7E00' },
      dominant: 'PM2.5',
      subIndices: [],
      hoursPresent: { 'PM2.5': 13 },
      provisional: true,
    },
  ],
};

function renderPanel(store = new LiveStore()) {
  render(
    <LiveContext.Provider value={{ store, reload: () => undefined }}>
      <MemoryRouter>
        <AqiPanel stationId="pk-air-01" />
      </MemoryRouter>
    </LiveContext.Provider>,
  );
}

describe('AqiPanel', () => {
  it('shows the index on its band colour, the official label, advice, and marks the dominant parameter', async () => {
    vi.spyOn(api, 'stationAqi').mockResolvedValue(dto);
    renderPanel();
    const value = await screen.findByTestId('aqi-value');
    expect(value.textContent).toBe('59');
    expect(value.style.background).toBe('rgb(255, 255, 0)');
    expect(value.style.color).toBe('rgb(0, 0, 0)');
    expect(screen.getByTestId('aqi-band').textContent).toBe('Trung bình');
    expect(screen.getByTestId('aqi-subindex-NO2').dataset['dominant']).toBe('true');
    expect(screen.getByTestId('aqi-subindex-PM2.5').dataset['dominant']).toBe('false');
    expect(screen.getAllByTestId('aqi-dominant')).toHaveLength(1);
    expect(screen.getByTestId('aqi-daily').textContent).toMatch(/29\/11\/2026.*110.*Kém.*tạm tính/);
    expect(screen.getByTestId('aqi-panel').textContent).toContain('QĐ 1459/QĐ-TCMT');
  });

  it('says why there is no index when neither PM2.5 nor PM10 is available', async () => {
    vi.spyOn(api, 'stationAqi').mockResolvedValue({
      ...dto,
      current: { ...dto.current, aqi: null, band: null, dominant: null, subIndices: [], nowcast: {}, reason: 'no_pm' },
    });
    renderPanel();
    expect((await screen.findByTestId('aqi-value')).textContent).toMatch(/PM2,5 hoặc PM10/);
  });

  it('says when the index will exist while PM2.5 is measured but the NowCast lacks past hours (not "no PM data")', async () => {
    vi.spyOn(api, 'stationAqi').mockResolvedValue({
      ...dto,
      current: { ...dto.current, aqi: null, band: null, dominant: null, subIndices: [], nowcast: {}, reason: 'no_pm' },
    });
    const store = new LiveStore();
    // PM2.5 measured at 10:20 Vietnam time (03:20Z): the 10:00 and 11:00 hours give the 2 of 3 → by 12:00
    const air = station({ id: 'pk-air-01', kind: 'air', latest: { 'PM2.5': { value: 35.24, time: '2026-11-29T03:20:00.000Z', status: '00' } } });
    store.dispatch({ type: 'snapshot', snapshot: { clusters: [cluster()], stations: [air], alerts: [] } });
    renderPanel(store);
    const text = (await screen.findByTestId('aqi-value')).textContent ?? '';
    expect(text).not.toMatch(/Không có dữ liệu PM2,5/);
    expect(text).toContain('35,2');
    expect(text).toContain('2 trong 3 giờ');
    expect(text).toMatch(/12:00.*29\/11\/2026|29\/11\/2026.*12:00/);
  });
});
