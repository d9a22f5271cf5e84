import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../../i18n';
import { attachmentName, exportPath } from '../api/export';
import { ExportMenu } from './ExportMenu';

describe('exportPath', () => {
  it('asks for one station over the chosen range, and the alerts under the page filters', () => {
    const range = () => ({ from: Date.parse('2026-12-06T17:00:00Z'), to: Date.parse('2026-12-07T17:00:00Z') });
    expect(exportPath({ what: 'readings', station: 'pk-ww-01', range }, 'xlsx', 'vi', '1h')).toBe(
      '/api/exports/readings?stations=pk-ww-01&from=2026-12-06T17%3A00%3A00.000Z&to=2026-12-07T17%3A00%3A00.000Z&bucket=1h&format=xlsx&lang=vi',
    );
    expect(exportPath({ what: 'alerts', filters: { state: 'all', severity: 'critical', cluster: null, station: 'pk-ww-01' } }, 'csv', 'en', 'raw')).toBe(
      '/api/exports/alerts?severity=critical&station=pk-ww-01&format=csv&lang=en',
    );
  });

  it("takes the file name from the API's Content-Disposition only when it is a plain name", () => {
    expect(attachmentName('attachment; filename="langxanh-so-lieu-raw-20261207-20261207.csv"', 'x.csv')).toBe('langxanh-so-lieu-raw-20261207-20261207.csv');
    expect(attachmentName('attachment; filename="../../etc/passwd"', 'x.csv')).toBe('x.csv');
    expect(attachmentName(null, 'x.csv')).toBe('x.csv');
  });
});

describe('ExportMenu', () => {
  beforeAll(() => {
    initI18n();
  });
  afterEach(() => vi.restoreAllMocks());

  it('downloads the file the API answers, in the UI language, and says when it fails', async () => {
    const fetchMock = vi
      .spyOn(globalThis, 'fetch')
      .mockResolvedValueOnce(new Response('\ufeffa,b\r\n', { status: 200, headers: { 'content-disposition': 'attachment; filename="f.csv"' } }))
      .mockResolvedValueOnce(new Response('{}', { status: 503 }));
    // jsdom has no object URLs
    Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    render(<ExportMenu target={{ what: 'readings', station: 'pk-ww-01', range: () => ({ from: 0, to: 3_600_000 }) }} />);
    expect(screen.getByText('Tải xuống')).toBeTruthy();
    fireEvent.change(screen.getByTestId('export-bucket'), { target: { value: '1d' } });
    fireEvent.click(screen.getByTestId('export-csv'));
    await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    expect(String(fetchMock.mock.calls[0][0])).toContain('bucket=1d&format=csv&lang=vi');
    fireEvent.click(screen.getByTestId('export-xlsx'));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(click).toHaveBeenCalledTimes(1);
  });
});
