import { describe, expect, it } from 'vitest';
import { DashboardEnvError, readDashboardEnv } from './dashboard-env';

describe('readDashboardEnv', () => {
  it('has defaults for everything', () => {
    expect(readDashboardEnv({})).toEqual({ ingesterUrl: 'http://127.0.0.1:3000', port: 4200, host: '127.0.0.1' });
  });

  it('reads the variables and drops a trailing slash from the ingester URL', () => {
    expect(
      readDashboardEnv({ INGESTER_URL: 'http://10.0.0.5:3100/', DASHBOARD_PORT: '8080', DASHBOARD_HOST: '0.0.0.0' }),
    ).toEqual({ ingesterUrl: 'http://10.0.0.5:3100', port: 8080, host: '0.0.0.0' });
  });

  it('names every bad variable', () => {
    expect(() => readDashboardEnv({ INGESTER_URL: 'ftp://x', DASHBOARD_PORT: '99999' })).toThrow(DashboardEnvError);
    expect(() => readDashboardEnv({ INGESTER_URL: 'not a url' })).toThrow(/INGESTER_URL/);
    expect(() => readDashboardEnv({ DASHBOARD_PORT: '42a' })).toThrow(/DASHBOARD_PORT/);
  });
});
