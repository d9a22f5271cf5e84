import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import type { Reading } from '@langxanh/contracts';
import { DomainEventBus } from '../common/domain-events';
import { validateEnv, type Env } from '../config/env';
import { RegistryService } from '../registry/registry.service';
import type { StationStateRepository } from '../storage/station-state.repository';
import { StationStateService } from './station-state.service';

/** The overview state decides "offline" with the same verdicts the deadman alert reads (OFFLINE_* defaults: 3, 600 s). */
describe('StationStateService: one offline decision', () => {
  const T0 = Date.parse('2026-11-29T00:00:00Z');
  const MIN = 60_000;
  const config = new ConfigService<Env, true>(
    validateEnv({ REGISTRY_FILE: join(__dirname, '../../../../deploy/registry/bac-ninh.json') }),
  );
  const registry = new RegistryService(config);
  const setup = () => {
    jest.useFakeTimers({ now: T0 });
    const storage = { newestByStation: async () => new Map() } as unknown as StationStateRepository;
    const service = new StationStateService(registry, storage, new DomainEventBus(), config);
    jest.useRealTimers();
    /** The deadman verdict of `station` at `now`, beside the state the overview shows. */
    const at = (station: string, now: number) => {
      const verdict = service.checkSilence(now).find((v) => v.activity.station === station);
      return { offline: verdict?.silence.offline, state: service.dto(station, now)?.state };
    };
    return { service, at };
  };
  // pk-ww-01 reports every 60 s (deploy/registry/bac-ninh.json).
  const reading = (time: number): Reading => ({
    cluster: 'phong-khe',
    kind: 'wastewater',
    station: 'pk-ww-01',
    time,
    values: { COD: 40 },
    status: { COD: '00' },
  });

  it('a station never heard from is no_data, and offline once the grace period since start-up has passed', () => {
    const { at } = setup();
    expect(at('pk-ww-01', T0 + 10 * MIN)).toEqual({ offline: false, state: 'no_data' });
    expect(at('pk-ww-01', T0 + 10 * MIN + 1)).toEqual({ offline: true, state: 'offline' });
  });

  it('a station that reported is offline after OFFLINE_AFTER_INTERVALS × its interval without a reading', () => {
    const { service, at } = setup();
    service.onReading(reading(T0), T0);
    expect(at('pk-ww-01', T0 + 3 * MIN)).toEqual({ offline: false, state: 'normal' });
    expect(at('pk-ww-01', T0 + 3 * MIN + 1)).toEqual({ offline: true, state: 'offline' });
    service.onReading(reading(T0 + 4 * MIN), T0 + 4 * MIN);
    expect(at('pk-ww-01', T0 + 4 * MIN)).toEqual({ offline: false, state: 'normal' });
  });

  it('the time the broker link was down is not silence; readings measured days ago make it offline (issue 15 items 9, 10)', () => {
    const { service } = setup();
    service.onReading(reading(T0), T0);
    const outage = [{ from: T0 + MIN, to: T0 + 20 * MIN }];
    const verdict = (now: number) => service.checkSilence(now, outage).find((v) => v.activity.station === 'pk-ww-01')!;
    expect(verdict(T0 + 21 * MIN).silence).toMatchObject({ offline: false, silentMs: 2 * MIN });
    expect(service.dto('pk-ww-01', T0 + 21 * MIN)?.state).toBe('normal');
    expect(verdict(T0 + 22 * MIN + 1).silence).toMatchObject({ offline: true, cause: 'silent' });
    // Arriving now, measured three days ago.
    service.onReading(reading(T0 + 23 * MIN - 3 * 86_400_000), T0 + 23 * MIN);
    expect(verdict(T0 + 23 * MIN).silence).toMatchObject({ offline: true, cause: 'stale' });
    expect(service.dto('pk-ww-01', T0 + 23 * MIN)?.state).toBe('offline');
  });

  it('its last will makes it offline at once; a heartbeat alone brings a never-heard station back to no_data', () => {
    const { service, at } = setup();
    service.onAnnouncement('pk-ww-01', 'offline', T0 + 1);
    expect(service.dto('pk-ww-01', T0 + 1)?.state).toBe('offline');
    expect(at('pk-ww-01', T0 + 1)).toEqual({ offline: true, state: 'offline' });
    service.onAnnouncement('pk-ww-01', 'online', T0 + 2);
    expect(at('pk-ww-01', T0 + 2)).toEqual({ offline: false, state: 'no_data' });
    service.onAnnouncement('pk-ww-01', 'offline', T0 + 3);
    service.onReading(reading(T0 + 4), T0 + 4);
    expect(at('pk-ww-01', T0 + 4)).toEqual({ offline: false, state: 'normal' });
  });

  it('the overview and the deadman agree for every station', () => {
    const { service } = setup();
    service.onReading(reading(T0), T0);
    service.onAnnouncement('pk-air-01', 'offline', T0);
    for (const now of [T0 + MIN, T0 + 5 * MIN, T0 + 11 * MIN]) {
      for (const { activity, silence } of service.checkSilence(now)) {
        expect([activity.station, service.dto(activity.station, now)?.state === 'offline']).toEqual([
          activity.station,
          silence.offline,
        ]);
      }
    }
  });
});
