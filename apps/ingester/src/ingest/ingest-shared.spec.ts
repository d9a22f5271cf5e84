import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import type { Reading } from '@langxanh/contracts';
import { DomainEventBus } from '../common/domain-events';
import { validateEnv, type Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import type { EvaluationHandler, MqttAdapter } from '../mqtt/mqtt.adapter';
import { RegistryService } from '../registry/registry.service';
import type { StationStateService } from '../stations/station-state.service';
import type { ReadingsRepository } from '../storage/readings.repository';
import { DeadLetters } from './dead-letters';
import { IngestService } from './ingest.service';

/** Several nodes (REDIS_URL set): the shared subscription stores, the evaluation session announces (adapters mocked). */
describe('IngestService with several nodes', () => {
  const setup = (redisUrl: string) => {
    const config = new ConfigService<Env, true>(
      validateEnv({ REGISTRY_FILE: join(__dirname, '../../../../deploy/registry/bac-ninh.json'), REDIS_URL: redisUrl }),
    );
    const written: Reading[] = [];
    const queued: Reading[] = [];
    const readings = {
      queue: (r: Reading) => queued.push(r),
      flush: () => written.push(...queued.splice(0)),
    } as unknown as ReadingsRepository;
    let evaluation: EvaluationHandler | undefined;
    const deadLetters: string[] = [];
    const mqtt = {
      onMessage: () => undefined,
      onEvaluation: (handler: EvaluationHandler) => (evaluation = handler),
      publish: async (topic: string) => (deadLetters.push(topic), true),
    } as unknown as MqttAdapter;
    const announcements: string[] = [];
    const stations = {
      onAnnouncement: (s: string, a: string) => announcements.push(`${s}:${a}`),
      newestReadingTime: () => undefined,
    } as unknown as StationStateService;
    const metrics = new MetricsService();
    const bus = new DomainEventBus();
    const emitted: Reading[] = [];
    bus.on('reading.accepted', (r) => emitted.push(r));
    const service = new IngestService(mqtt, new RegistryService(config), readings, stations, metrics, bus, new DeadLetters(mqtt, metrics, config), config);
    service.onModuleInit();
    return { service, written, emitted, announcements, deadLetters, metrics, evaluate: () => evaluation };
  };
  const now = Date.parse('2026-11-29T08:00:00Z');
  const topic = 'langxanh/v1/phong-khe/wastewater/pk-ww-01/reading';
  const payload = Buffer.from('{"ts":"2026-11-29T14:05:00+07:00","values":{"COD":85.2}}');

  it('stores a reading of the shared subscription without announcing it; the evaluation session announces without storing', () => {
    const { service, written, emitted, evaluate } = setup('redis://127.0.0.1:6379');
    service.handle(topic, payload, now, false, false);
    expect(written).toHaveLength(1);
    expect(emitted).toHaveLength(0);
    const handler = evaluate();
    expect(handler).toBeDefined();
    handler?.(topic, payload, false);
    expect(written).toHaveLength(1);
    expect(emitted.map((r) => r.values)).toEqual([{ COD: 85.2 }]);
    // An identical redelivery on the evaluation session is not announced twice.
    handler?.(topic, payload, false);
    expect(emitted).toHaveLength(1);
  });

  it('evaluates statuses, and leaves rejections to the storing node (no count, no dead letter)', async () => {
    const { announcements, deadLetters, metrics, emitted, evaluate } = setup('redis://127.0.0.1:6379');
    const handler = evaluate();
    handler?.('langxanh/v1/phong-khe/wastewater/pk-ww-01/status', Buffer.from('offline'), true);
    handler?.(topic, Buffer.from('nope'), false);
    expect(announcements).toEqual(['pk-ww-01:offline']);
    expect(emitted).toHaveLength(0);
    expect(deadLetters).toEqual([]);
    expect(await metrics.rejectionsByReason()).toEqual({});
  });

  it('on a single node stores and announces as before, with no evaluation session', () => {
    const { service, written, emitted, evaluate } = setup('');
    service.handle(topic, payload, now, false, false);
    expect(written).toHaveLength(1);
    expect(emitted).toEqual(written);
    expect(evaluate()).toBeUndefined();
  });
});
