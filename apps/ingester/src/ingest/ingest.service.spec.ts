import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import type { Reading } from '@langxanh/contracts';
import { DomainEventBus } from '../common/domain-events';
import { validateEnv, type Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import type { MqttAdapter } from '../mqtt/mqtt.adapter';
import { RegistryService } from '../registry/registry.service';
import type { StationStateService } from '../stations/station-state.service';
import type { StorageAdapter } from '../storage/storage.adapter';
import { IngestService } from './ingest.service';

describe('IngestService (adapters mocked)', () => {
  const config = new ConfigService<Env, true>(
    validateEnv({ REGISTRY_FILE: join(__dirname, '../../../../deploy/registry/bac-ninh.json'), MAX_PAYLOAD_BYTES: '512' }),
  );
  const setup = () => {
    const written: Reading[] = [];
    const storage = { storage: { writeReading: (r: Reading) => written.push(r) } } as unknown as StorageAdapter;
    const announcements: [string, string][] = [];
    const stations = {
      onAnnouncement: (s: string, a: string) => announcements.push([s, a]),
    } as unknown as StationStateService;
    const metrics = new MetricsService();
    const bus = new DomainEventBus();
    const emitted: Reading[] = [];
    bus.on('reading.accepted', (r) => emitted.push(r));
    const service = new IngestService(
      { onMessage: () => undefined } as unknown as MqttAdapter,
      new RegistryService(config),
      storage,
      stations,
      metrics,
      bus,
      config,
    );
    return { service, written, emitted, metrics, announcements };
  };
  const now = Date.parse('2026-11-29T08:00:00Z');
  const topic = 'langxanh/v1/phong-khe/wastewater/pk-ww-01/reading';

  it('stores and announces an accepted reading', () => {
    const { service, written, emitted } = setup();
    service.handle(topic, Buffer.from('{"ts":"2026-11-29T14:05:00+07:00","values":{"COD":85.2}}'), now);
    expect(written).toHaveLength(1);
    expect(emitted).toEqual(written);
    expect(written[0]).toMatchObject({ station: 'pk-ww-01', time: Date.parse('2026-11-29T07:05:00Z'), values: { COD: 85.2 } });
  });

  it('counts each rejection by reason and keeps going', async () => {
    const { service, written, metrics } = setup();
    service.handle(topic, Buffer.from('nope'), now);
    service.handle('langxanh/v1/x/y', Buffer.from('{}'), now);
    service.handle(topic, Buffer.from(JSON.stringify({ ts: now, values: { COD: 1 }, pad: 'x'.repeat(600) })), now);
    service.handle(topic, Buffer.from('{"ts":"2026-11-29T14:05:00+07:00","values":{"COD":-1,"pH":7}}'), now);
    expect(await metrics.rejectionsByReason()).toEqual({ not_json: 1, bad_topic: 1, too_large: 1, out_of_range: 1 });
    expect(written.map((r) => r.values)).toEqual([{ pH: 7 }]);
  });

  it('passes online/offline status messages to the station state and rejects anything else', async () => {
    const { service, announcements, metrics } = setup();
    const status = 'langxanh/v1/phong-khe/wastewater/pk-ww-01/status';
    service.handle(status, Buffer.from('offline'), now);
    service.handle(status, Buffer.from('broken'), now);
    service.handle(status, Buffer.alloc(0), now);
    service.handle(status, Buffer.alloc(1000, 'x'), now);
    service.handle('langxanh/v1/phong-khe/wastewater/pk-ww-99/status', Buffer.from('online'), now);
    expect(announcements).toEqual([['pk-ww-01', 'offline']]);
    expect(await metrics.rejectionsByReason()).toEqual({ bad_shape: 1, too_large: 1, unknown_station: 1 });
  });
});
