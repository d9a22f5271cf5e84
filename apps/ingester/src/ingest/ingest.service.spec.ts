import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import type { Reading } from '@langxanh/contracts';
import { DomainEventBus } from '../common/domain-events';
import { validateEnv, type Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import type { MqttAdapter } from '../mqtt/mqtt.adapter';
import { RegistryService } from '../registry/registry.service';
import type { StationStateService } from '../stations/station-state.service';
import { SpoolFullError, type ReadingsRepository } from '../storage/readings.repository';
import { DeadLetters } from './dead-letters';
import { IngestService } from './ingest.service';

describe('IngestService (adapters mocked)', () => {
  const config = new ConfigService<Env, true>(
    validateEnv({
      REGISTRY_FILE: join(__dirname, '../../../../deploy/registry/bac-ninh.json'),
      MAX_PAYLOAD_BYTES: '512',
    }),
  );
  const setup = (options: { failWith?: () => Error; failFlushWith?: () => Error | undefined } = {}) => {
    const written: Reading[] = [];
    const queued: Reading[] = [];
    let room: () => void = () => undefined;
    const readings = {
      queue: (r: Reading) => {
        const error = options.failWith?.();
        if (error) throw error;
        queued.push(r);
      },
      flush: () => {
        const error = options.failFlushWith?.();
        const lines = queued.splice(0);
        if (error) throw error;
        written.push(...lines);
      },
      whenWritable: () => new Promise<void>((resolve) => (room = resolve)),
    } as unknown as ReadingsRepository;
    const deadLetters: { topic: string; body: Record<string, unknown> }[] = [];
    const mqtt = {
      onMessage: () => undefined,
      publish: async (t: string, body: string) => {
        deadLetters.push({ topic: t, body: JSON.parse(body) as Record<string, unknown> });
        return true;
      },
    } as unknown as MqttAdapter;
    const announcements: [string, string][] = [];
    // The newest reading time per station as station state keeps it: restored at start-up, then from the bus.
    const newest = new Map([['pk-ww-01', Date.parse('2026-11-29T07:00:00Z')]]);
    const stations = {
      onAnnouncement: (s: string, a: string) => announcements.push([s, a]),
      newestReadingTime: (s: string) => newest.get(s),
    } as unknown as StationStateService;
    const metrics = new MetricsService();
    const bus = new DomainEventBus();
    bus.on('reading.accepted', (r) => newest.set(r.station, Math.max(r.time, newest.get(r.station) ?? -Infinity)));
    const emitted: Reading[] = [];
    bus.on('reading.accepted', (r) => emitted.push(r));
    const service = new IngestService(
      mqtt,
      new RegistryService(config),
      readings,
      stations,
      metrics,
      bus,
      new DeadLetters(mqtt, metrics, config),
      config,
    );
    return { service, written, emitted, metrics, announcements, deadLetters, makeRoom: () => room() };
  };
  const now = Date.parse('2026-11-29T08:00:00Z');
  const topic = 'langxanh/v1/phong-khe/wastewater/pk-ww-01/reading';

  it('stores and announces an accepted reading', () => {
    const { service, written, emitted } = setup();
    service.handle(topic, Buffer.from('{"ts":"2026-11-29T14:05:00+07:00","values":{"COD":85.2}}'), now);
    expect(written).toHaveLength(1);
    expect(emitted).toEqual(written);
    expect(written[0]).toMatchObject({
      station: 'pk-ww-01',
      time: Date.parse('2026-11-29T07:05:00Z'),
      values: { COD: 85.2 },
    });
  });

  it('counts each rejection by reason and keeps going', async () => {
    const { service, written, metrics } = setup();
    service.handle(topic, Buffer.from('nope'), now);
    service.handle('langxanh/v1/x/y', Buffer.from('{}'), now);
    service.handle(
      topic,
      Buffer.from(JSON.stringify({ ts: now, values: { COD: 1 }, pad: 'x'.repeat(600) })),
      now,
    );
    service.handle(topic, Buffer.from('{"ts":"2026-11-29T14:05:00+07:00","values":{"COD":-1,"pH":7}}'), now);
    expect(await metrics.rejectionsByReason()).toEqual({
      not_json: 1,
      bad_topic: 1,
      too_large: 1,
      out_of_range: 1,
    });
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

  it('publishes each rejected message with its original payload and reasons to the dead-letter topic', () => {
    const { service, deadLetters } = setup();
    service.handle(topic, Buffer.from('nope'), now);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0].topic).toMatch(/^langxanh\/dlq\/v1\/\w+$/);
    expect(deadLetters[0].body).toMatchObject({ topic, payloadBytes: 4, truncated: false });
    expect(Buffer.from(String(deadLetters[0].body['payloadBase64']), 'base64').toString()).toBe('nope');
  });

  it('skips a retained reading not newer than the newest one seen (a replay on subscribe), stores a newer one', async () => {
    const { service, written, emitted, metrics } = setup();
    const at = (iso: string) => Buffer.from(JSON.stringify({ ts: iso, values: { COD: 50 } }));
    service.handle(topic, at('2026-11-29T07:00:00Z'), now, true);
    expect(written).toHaveLength(0);
    expect(await metrics.total(metrics.retainedReplays)).toBe(1);
    service.handle(topic, at('2026-11-29T07:05:00Z'), now, true);
    service.handle(topic, at('2026-11-29T07:05:00Z'), now, true);
    expect(written.map((r) => r.time)).toEqual([Date.parse('2026-11-29T07:05:00Z')]);
    expect(emitted).toHaveLength(1);
    // Not retained: a QoS 1 redelivery of an older reading is stored again (idempotent in InfluxDB).
    service.handle(topic, at('2026-11-29T07:00:00Z'), now, false);
    expect(written).toHaveLength(2);
  });

  it('holds the acknowledgement while the spool is full (block) and stores the reading once there is room', async () => {
    let full = true;
    const { service, written, makeRoom } = setup({
      failWith: () => (full ? new SpoolFullError(10, 10) : undefined) as Error,
    });
    const outcome = service.handle(topic, Buffer.from(JSON.stringify({ ts: now, values: { COD: 1 } })), now);
    expect(outcome).toBeInstanceOf(Promise);
    let acknowledged = false;
    void (outcome as Promise<void>).then(() => (acknowledged = true));
    await new Promise((r) => setImmediate(r));
    expect(acknowledged).toBe(false);
    full = false;
    makeRoom();
    await outcome;
    expect(acknowledged).toBe(true);
    expect(written).toHaveLength(1);
  });

  it('throws (no acknowledgement) when the spool cannot be written', () => {
    const { service } = setup({
      failWith: () => Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }),
    });
    expect(() =>
      service.handle(topic, Buffer.from(JSON.stringify({ ts: now, values: { COD: 1 } })), now),
    ).toThrow(/ENOSPC/);
  });

  it('throws (no acknowledgement) and announces nothing when the append of an unheld reading fails', () => {
    const { service, written, emitted } = setup({
      failFlushWith: () => Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }),
    });
    expect(() =>
      service.handle(topic, Buffer.from(JSON.stringify({ ts: now, values: { COD: 1 } })), now),
    ).toThrow(/ENOSPC/);
    expect(written).toHaveLength(0);
    expect(emitted).toHaveLength(0);
  });

  it('held: queues accepted readings and stores, then announces them, only on flush', () => {
    const { service, written, emitted } = setup();
    const payload = (ts: number) => Buffer.from(JSON.stringify({ ts, values: { COD: 1 } }));
    expect(service.handle(topic, payload(now - 60_000), now, false, true)).toBeUndefined();
    expect(service.handle(topic, payload(now), now, false, true)).toBeUndefined();
    expect(written).toHaveLength(0);
    expect(emitted).toHaveLength(0);
    service.flush();
    expect(written.map((r) => r.time)).toEqual([now - 60_000, now]);
    expect(emitted).toEqual(written);
    service.flush();
    expect(written).toHaveLength(2);
  });

  it('held: a failed flush throws and announces none of its readings', () => {
    let failing = true;
    const { service, written, emitted } = setup({
      failFlushWith: () => (failing ? Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }) : undefined),
    });
    service.handle(topic, Buffer.from(JSON.stringify({ ts: now, values: { COD: 1 } })), now, false, true);
    expect(() => service.flush()).toThrow(/EIO/);
    expect(emitted).toHaveLength(0);
    failing = false;
    service.flush();
    expect(written).toHaveLength(0);
  });

  it('held: holds the acknowledgement while the spool is full (block), then stores at once', async () => {
    let full = true;
    const { service, written, emitted, makeRoom } = setup({
      failWith: () => (full ? new SpoolFullError(10, 10) : undefined) as Error,
    });
    const outcome = service.handle(topic, Buffer.from(JSON.stringify({ ts: now, values: { COD: 1 } })), now, false, true);
    expect(outcome).toBeInstanceOf(Promise);
    full = false;
    makeRoom();
    await outcome;
    expect(written).toHaveLength(1);
    expect(emitted).toHaveLength(1);
  });

  it('same millisecond: keeps the first value, refuses and dead-letters another, counts a repeat as a duplicate', async () => {
    const { service, written, emitted, metrics, deadLetters } = setup();
    const at = (cod: number) => Buffer.from(JSON.stringify({ ts: now - 60_000, values: { COD: cod } }));
    service.handle(topic, at(85.5), now);
    service.handle(topic, at(9_999.5), now);
    service.handle(topic, at(85.5), now);
    expect(written.map((r) => r.values)).toEqual([{ COD: 85.5 }]);
    expect(emitted).toHaveLength(1);
    expect(await metrics.rejectionsByReason()).toMatchObject({ same_time_conflict: 1 });
    expect(await metrics.total(metrics.duplicateReadings)).toBe(1);
    expect(deadLetters.map((d) => d.body['reasons'])).toEqual([
      [expect.objectContaining({ reason: 'same_time_conflict', parameter: 'COD' })],
    ]);
  });

  it('same millisecond: a reading whose flush failed is not remembered, so its redelivery is stored', () => {
    let failing = true;
    const { service, written } = setup({
      failFlushWith: () => (failing ? Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }) : undefined),
    });
    const message = Buffer.from(JSON.stringify({ ts: now - 60_000, values: { COD: 1.5 } }));
    service.handle(topic, message, now, false, true);
    expect(() => service.flush()).toThrow(/EIO/);
    failing = false;
    service.handle(topic, message, now, false, true);
    service.flush();
    expect(written.map((r) => r.values)).toEqual([{ COD: 1.5 }]);
  });
});
