import { screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../../i18n';
import { api } from '../../../lib/api/client';
import { sessionStore } from '../../../lib/auth/session';
import { LiveContext } from '../../../lib/live/LiveStoreContext';
import { LiveStore } from '../../../lib/live/live-store';
import { cluster } from '../../../testing/fixtures';
import { render } from '../../../testing/render';
import { WastePage } from './WastePage';

beforeAll(() => {
  initI18n();
});

afterEach(() => {
  sessionStore.set(null);
  vi.restoreAllMocks();
});

describe('WastePage', () => {
  it('asks an anonymous visitor to sign in instead of saying that no bin is full, and asks the API nothing', () => {
    const readings = vi.spyOn(api, 'readings');
    const store = new LiveStore();
    // the public snapshot holds no waste point (the API lists air stations only to anonymous visitors)
    store.dispatch({ type: 'snapshot', snapshot: { clusters: [cluster()], stations: [], alerts: [] } });
    render(
      <LiveContext.Provider value={{ store, reload: () => undefined }}>
        <MemoryRouter initialEntries={['/waste']}>
          <WastePage />
        </MemoryRouter>
      </LiveContext.Provider>,
    );
    expect(screen.getByTestId('sign-in-required').textContent).toContain('Đăng nhập');
    expect(screen.queryByText('Chưa có điểm nào đầy.')).toBeNull();
    expect(screen.queryByTestId('collect-now-list')).toBeNull();
    expect(readings).not.toHaveBeenCalled();
  });
});
