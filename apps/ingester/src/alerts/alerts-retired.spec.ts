import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import type { AlertEventDto, Reading, Registry } from '@langxanh/contracts';
import { EventWiring } from '../app/event-wiring';
import { ClusterService } from '../cluster/cluster.service';
import { DomainEventBus } from '../common/domain-events';
import { validateEnv, type Env } from '../config/env';
import type { ForwarderService } from '../forward/forwarder.service';
import type { LiveGateway } from '../live/live.gateway';
import { MetricsService } from '../metrics/metrics.service';
import type { NotificationsService } from '../notifications/notifications.service';
import { RegistryService } from '../registry/registry.service';
import type { StationStateService } from '../stations/station-state.service';
import type { AlertsRepository } from '../storage/alerts.repository';
import type { ReadingsRepository } from '../storage/readings.repository';
import type { StorageStartup } from '../storage/storage-startup';
import { AlertsService } from './alerts.service';

/** Retiring a station (a `registry.changed` event) resolves its open alerts: no reading will resolve them any more. */
describe('AlertsService: a retired station’s open alerts', () => {
  const config = new ConfigService<Env, true>(
    validateEnv({ REGISTRY_FILE: join(__dirname, '../../../../deploy/registry/bac-ninh.json') }),
  );
  const registry = new RegistryService(config);

  const setup = () => {
    const bus = new DomainEventBus();
    const stored: string[] = [];
    const alerts = new AlertsService(
      registry,
      { append: (a: { id: string; state: string }) => stored.push(`${a.id}:${a.state}`) } as unknown as AlertsRepository,
      {} as ReadingsRepository,
      new MetricsService(),
      bus,
      config,
      { restore: async () => false } as unknown as StorageStartup,
      new ClusterService(config, registry, new MetricsService()),
    );
    const noop = () => undefined;
    new EventWiring(
      bus,
      { onReading: noop, onAlert: noop, onRegistryChange: noop } as unknown as StationStateService,
      alerts,
      { onAlertChanged: noop } as unknown as NotificationsService,
      { onReading: noop, onAlertChanged: noop, onStationState: noop, onRegistryChange: noop } as unknown as LiveGateway,
      { onReading: noop } as unknown as ForwarderService,
      { owns: () => true } as unknown as ClusterService,
    );
    const changes: AlertEventDto[] = [];
    bus.on('alert.changed', (event) => changes.push(event));
    return { bus, alerts, changes, stored };
  };

  const reading = (station: string, time: number, values: Record<string, number>, status: Record<string, string> = {}): Reading =>
    ({
      cluster: registry.get(station)?.cluster.id,
      kind: registry.get(station)?.station.kind,
      station,
      time,
      values,
      status: { ...Object.fromEntries(Object.keys(values).map((k) => [k, '00'])), ...status },
    }) as unknown as Reading;

  const retiring = (id: string, at: string): Registry => {
    const after = structuredClone(registry.registry) as { clusters: { stations: { id: string; retired?: unknown }[] }[] };
    for (const cluster of after.clusters) {
      for (const station of cluster.stations) if (station.id === id) station.retired = { at, reason: 'moved' };
    }
    return after as unknown as Registry;
  };

  it('resolves them at the retirement time (stored and announced as resolved), and leaves other stations’ alerts open', () => {
    const { bus, alerts, changes, stored } = setup();
    const now = Date.now();
    alerts.onReading(reading('dk-ww-01', now - 120_000, { TSS: 150, pH: 7 }));
    alerts.onReading(reading('dk-ww-01', now - 60_000, { TSS: 160, pH: 7 }, { pH: '02' }));
    alerts.onReading(reading('pk-ww-01', now - 120_000, { TSS: 900, pH: 7 }));
    alerts.onReading(reading('pk-ww-01', now - 60_000, { TSS: 950, pH: 7 }));
    const open = alerts.openAlerts().filter((a) => a.station === 'dk-ww-01');
    // A threshold alert (TSS) and a device fault (pH status 02, TT 10/2021/TT-BTNMT).
    expect(open.map((a) => a.type ?? 'threshold').sort()).toEqual(['device-fault', 'threshold']);
    expect(alerts.openAlerts().some((a) => a.station === 'pk-ww-01')).toBe(true);
    changes.length = 0;

    const at = new Date(now - 30_000).toISOString();
    bus.emit('registry.changed', {
      version: { version: 2, changedAt: at, changedBy: 'admin', summary: 'station dk-ww-01 retired: moved' },
      before: registry.registry,
      after: retiring('dk-ww-01', at),
    });

    expect(alerts.openAlerts().filter((a) => a.station === 'dk-ww-01')).toEqual([]);
    expect(alerts.openAlerts().some((a) => a.station === 'pk-ww-01')).toBe(true);
    expect(changes.map((c) => [c.change, c.alert.id, c.alert.state, c.alert.resolvedAt])).toEqual(
      open.map((a) => ['resolved', a.id, 'resolved', at]),
    );
    for (const a of open) expect(stored).toContain(`${a.id}:resolved`);
    expect(alerts.list({ state: 'all' }).find((a) => a.id === open[0]?.id)?.state).toBe('resolved');
  });

  it('does nothing for a registry change that retires no station (or one retired before)', () => {
    const { bus, alerts, changes } = setup();
    const now = Date.now();
    alerts.onReading(reading('dk-ww-01', now - 120_000, { TSS: 150, pH: 7 }));
    alerts.onReading(reading('dk-ww-01', now - 60_000, { TSS: 160, pH: 7 }));
    expect(alerts.openAlerts().some((a) => a.station === 'dk-ww-01')).toBe(true);
    const retired = retiring('dk-ww-01', new Date(now - 30_000).toISOString());
    changes.length = 0;
    const version = { version: 3, changedAt: new Date(now).toISOString(), changedBy: 'admin', summary: 'edit' };
    bus.emit('registry.changed', { version, before: registry.registry, after: registry.registry });
    bus.emit('registry.changed', { version, before: retired, after: retired });
    expect(changes).toEqual([]);
    expect(alerts.openAlerts().some((a) => a.station === 'dk-ww-01')).toBe(true);
  });
});
