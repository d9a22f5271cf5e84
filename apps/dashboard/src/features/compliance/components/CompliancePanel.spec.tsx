import type { ComplianceReportDto } from '@langxanh/contracts';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { render } from '../../../testing/render';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../../i18n';
import { api } from '../../../lib/api/client';
import { COD_RULE, station } from '../../../testing/fixtures';
import { CompliancePanel } from './CompliancePanel';

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
  vi.restoreAllMocks();
});

const report: ComplianceReportDto = {
  station: 'pk-ww-01',
  cluster: 'phong-khe',
  kind: 'wastewater',
  from: '2026-10-31T17:00:00.000Z',
  to: '2026-11-30T17:00:00.000Z',
  until: '2026-11-30T17:00:00.000Z',
  excludedStatuses: ['01', '02'],
  rows: [
    {
      parameter: 'COD',
      unit: 'mg/L',
      ruleId: COD_RULE.id,
      comparison: 'above',
      max: 135,
      averagingPeriod: 'instant',
      source: COD_RULE.source,
      from: '2026-10-31T17:00:00.000Z',
      to: '2026-11-30T17:00:00.000Z',
      basis: 'samples',
      expected: 43_200,
      measured: 41_000,
      completenessPct: 94.9,
      excludedSamples: 120,
      exceedances: 1_234,
      exceedanceSharePct: 3,
      worst: { value: 412.5, from: '2026-11-12T03:00:00.000Z', to: '2026-11-12T03:00:00.000Z' },
    },
  ],
};

describe('CompliancePanel', () => {
  it('asks for the current month by default and shows the counts for the language', async () => {
    const spy = vi.spyOn(api, 'compliance').mockResolvedValue(report);
    render(
      <MemoryRouter>
        <CompliancePanel station={station()} />
      </MemoryRouter>,
    );
    const cell = await screen.findByTestId(`compliance-exceedances-${COD_RULE.id}`);
    expect(cell.textContent).toBe('1.234');
    expect(screen.getByTestId(`compliance-measured-${COD_RULE.id}`).textContent).toMatch(/41\.000 \/ 43\.200/);
    expect(spy.mock.calls[0]?.[1]).toMatch(/^\d{4}-\d{2}$/);
    expect(spy.mock.calls[0]?.[1]).toBe(spy.mock.calls[0]?.[2]);
  });

  it('asks for one day, and downloads the CSV of the same period', async () => {
    const spy = vi.spyOn(api, 'compliance').mockResolvedValue(report);
    const csv = vi.spyOn(api, 'complianceCsv').mockResolvedValue(new Blob(['a,b\r\n']));
    const createObjectURL = vi.fn(() => 'blob:x');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    render(
      <MemoryRouter>
        <CompliancePanel station={station()} />
      </MemoryRouter>,
    );
    fireEvent.click(screen.getByTestId('compliance-period-day'));
    await waitFor(() => expect(spy.mock.calls.at(-1)?.[1]).toMatch(/^\d{4}-\d{2}-\d{2}$/));
    const day = spy.mock.calls.at(-1)?.[1];
    fireEvent.click(screen.getByTestId('compliance-csv'));
    await waitFor(() => expect(csv).toHaveBeenCalledWith('pk-ww-01', day, day, 'vi')); // headers in the page's language (vi by default)
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled());
  });
});
