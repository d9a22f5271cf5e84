import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { beforeAll, describe, expect, it } from 'vitest';
import { initI18n } from '../../../i18n';
import { LiveContext } from '../../../lib/live/LiveStoreContext';
import { LiveStore } from '../../../lib/live/live-store';
import { cluster, station } from '../../../testing/fixtures';
import { ClusterSection } from './ClusterSection';

beforeAll(() => {
  initI18n();
});

describe('ClusterSection', () => {
  it('lists only the stations the visitor was given (anonymous: public air stations)', () => {
    const store = new LiveStore();
    const phongKhe = cluster({ stationIds: ['pk-ww-01', 'pk-air-01', 'pk-bin-01'] });
    store.dispatch({
      type: 'snapshot',
      snapshot: { clusters: [phongKhe], stations: [station({ id: 'pk-air-01', kind: 'air', latest: {}, limits: [] })], alerts: [] },
    });
    render(
      <LiveContext.Provider value={{ store, reload: () => undefined }}>
        <MemoryRouter>
          <ClusterSection cluster={phongKhe} />
        </MemoryRouter>
      </LiveContext.Provider>,
    );
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByTestId('station-card-pk-air-01')).toBeTruthy();
    expect(screen.getByTestId('cluster-phong-khe').textContent).toContain('1 trạm');
  });
});
