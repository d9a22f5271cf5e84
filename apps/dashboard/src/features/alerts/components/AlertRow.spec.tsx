import type { AlertDto } from '@langxanh/contracts';
import { screen } from '@testing-library/react';
import { render } from '../../../testing/render';
import { MemoryRouter } from 'react-router-dom';
import { beforeAll, describe, expect, it } from 'vitest';
import { initI18n } from '../../../i18n';
import { LiveContext } from '../../../lib/live/LiveStoreContext';
import { LiveStore } from '../../../lib/live/live-store';
import { alert } from '../../../testing/fixtures';
import { AlertRow } from './AlertRow';

beforeAll(() => {
  initI18n();
});

function renderRow(a: AlertDto) {
  render(
    <LiveContext.Provider value={{ store: new LiveStore(), reload: () => undefined }}>
      <MemoryRouter>
        <ul>
          <AlertRow alert={a} stationName="Cửa xả" clusterName="CCN Phong Khê" />
        </ul>
      </MemoryRouter>
    </LiveContext.Provider>,
  );
  return screen.getByTestId(`alert-row-${a.id}`);
}

describe('AlertRow', () => {
  it('shows state, severity, and the history with acknowledgement and comments in time order', () => {
    const row = renderRow(
      alert({
        state: 'acknowledged',
        severity: 'warning',
        acknowledgedBy: 'sotnmt',
        acknowledgedAt: '2026-11-29T07:05:00.000Z',
        comments: [{ by: 'quanly', at: '2026-11-29T07:03:00.000Z', text: 'Đang kiểm tra' }],
      }),
    );
    expect(row.dataset['state']).toBe('acknowledged');
    expect(screen.getByTestId('alert-severity').textContent).toBe('Cảnh báo sớm');
    const history = screen.getByTestId(`alert-history-${alert().id}`);
    const kinds = [...history.querySelectorAll('li')].map((li) => li.dataset['kind']);
    expect(kinds).toEqual(['raised', 'comment', 'acknowledged']);
    expect(history.textContent).toContain('quanly: Đang kiểm tra');
  });

  it('names an offline alert (issue: alerting) for what it is', () => {
    const offline = { ...alert({ parameter: 'silence', unit: 'min' }), type: 'offline' } as AlertDto;
    const row = renderRow(offline);
    expect(row.dataset['type']).toBe('offline');
    expect(row.textContent).toContain('Trạm mất tín hiệu');
    expect(row.textContent).not.toContain('· silence');
  });
});
