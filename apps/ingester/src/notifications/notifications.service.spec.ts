import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import type { AlertDto, AlertNotification, DeliveryRecord, SilenceDto } from '@langxanh/contracts';
import type { AlertsService } from '../alerts/alerts.service';
import type { SilencesService } from '../alerts/silences.service';
import { DomainEventBus } from '../common/domain-events';
import { validateEnv, type Env } from '../config/env';
import { ClusterService } from '../cluster/cluster.service';
import { MetricsService } from '../metrics/metrics.service';
import { RegistryService } from '../registry/registry.service';
import type { AlertDocumentsRepository } from '../storage/alert-documents.repository';
import { DeliveryError } from './chat';
import type { NotificationChannel } from './notification';
import { NotificationsService } from './notifications.service';
import type { StorageStartup } from '../storage/storage-startup';

/** InfluxDB answered at start-up: start-up reads run at once. */
const storageConnected = {
  restore: async (_name: string, read: () => Promise<void>) => (await read(), true),
} as unknown as StorageStartup;

const alert: AlertDto = {
  id: 'pk-ww-01:qcvn40-2011-B/COD:1796000000000',
  type: 'threshold',
  cluster: 'phong-khe',
  station: 'pk-ww-01',
  kind: 'wastewater',
  parameter: 'COD',
  ruleId: 'qcvn40-2011-B/COD',
  state: 'active',
  severity: 'critical',
  comparison: 'above',
  max: 135,
  unit: 'mg/L',
  averagingPeriod: 'instant',
  source: { document: 'QCVN 40:2011/BTNMT', clause: 'Bảng 1 cột B', effectiveFrom: '2012-02-15' },
  triggerValue: 200,
  peakValue: 200,
  lastValue: 200,
  raisedAt: '2026-11-29T05:00:00.000Z',
  lastValueAt: '2026-11-29T05:00:00.000Z',
};

class FakeChannel implements NotificationChannel {
  readonly enabled = true;
  readonly sent: AlertNotification[] = [];
  attempts = 0;
  constructor(
    readonly name: NotificationChannel['name'],
    private failures = 0,
  ) {}
  async send(n: AlertNotification): Promise<void> {
    this.attempts += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('HTTP 503');
    }
    this.sent.push(n);
  }
}

describe('NotificationsService (channels and the documents repository mocked)', () => {
  const config = new ConfigService<Env, true>(
    validateEnv({
      REGISTRY_FILE: join(__dirname, '../../../../deploy/registry/bac-ninh.json'),
      NOTIFY_MAX_ATTEMPTS: '3',
      NOTIFY_RETRY_BASE_MS: '10',
    }),
  );
  const registry = new RegistryService(config);

  const setup = async (
    channels: FakeChannel[],
    options: { stored?: DeliveryRecord[]; silence?: SilenceDto; open?: AlertDto[] } = {},
  ) => {
    const written: DeliveryRecord[] = [];
    const documents = {
      drained: async () => true,
      append: (_m: string, _t: unknown, _k: string, json: DeliveryRecord) => written.push(json),
      latest: async () => options.stored ?? [],
    } as unknown as AlertDocumentsRepository;
    const silences = { covering: () => options.silence } as unknown as SilencesService;
    const alerts = {
      openAlerts: () => options.open ?? [],
      get: (id: string) => (id === alert.id ? alert : undefined),
    } as unknown as AlertsService;
    const bus = new DomainEventBus();
    const metrics = new MetricsService();
    const service = new NotificationsService(channels, alerts, silences, registry, documents, metrics, config, storageConnected, new ClusterService(config, registry, new MetricsService()));
    // As app/event-wiring.ts subscribes it.
    bus.on('alert.changed', (event) => service.onAlertChanged(event));
    await service.onModuleInit();
    await service.onApplicationBootstrap();
    return { service, bus, written, metrics };
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

  it('sends a raised alert once per channel to the cluster manager, whatever the number of updates', async () => {
    const mail = new FakeChannel('email');
    const hook = new FakeChannel('webhook');
    const { bus, written } = await setup([mail, hook]);
    bus.emit('alert.changed', { change: 'raised', alert });
    bus.emit('alert.changed', { change: 'updated', alert: { ...alert, peakValue: 260 } });
    bus.emit('alert.changed', { change: 'commented', alert });
    await settle();
    expect(mail.sent.map((n) => n.key)).toEqual([`${alert.id}|raised:critical`]);
    expect(mail.sent[0].recipients.map((r) => [r.role, r.email])).toEqual([
      ['manager', 'quanly.phong-khe@example.vn'],
    ]);
    expect(hook.sent).toHaveLength(1);
    expect(written.map((r) => [r.channel, r.outcome])).toEqual([
      ['email', 'sent'],
      ['webhook', 'sent'],
    ]);
  });

  it('notifies a rise in severity, an escalation, an acknowledgement and the resolution, each once', async () => {
    const hook = new FakeChannel('webhook');
    const { bus } = await setup([hook]);
    const warning = { ...alert, severity: 'warning' as const };
    bus.emit('alert.changed', { change: 'raised', alert: warning });
    bus.emit('alert.changed', { change: 'updated', alert });
    bus.emit('alert.changed', {
      change: 'updated',
      alert: { ...alert, escalatedAt: '2026-11-29T05:30:00.000Z' },
    });
    bus.emit('alert.changed', {
      change: 'updated',
      alert: { ...alert, escalatedAt: '2026-11-29T05:30:00.000Z' },
    });
    bus.emit('alert.changed', { change: 'acknowledged', alert: { ...alert, state: 'acknowledged' } });
    bus.emit('alert.changed', { change: 'resolved', alert: { ...alert, state: 'resolved' } });
    await settle();
    expect(hook.sent.map((n) => n.stage)).toEqual([
      'raised',
      'raised',
      'escalated',
      'acknowledged',
      'resolved',
    ]);
    expect(hook.sent.map((n) => n.key.split('|')[1])).toEqual([
      'raised:warning',
      'raised:critical',
      'escalated',
      'acknowledged',
      'resolved',
    ]);
  });

  it('retries a failed delivery with back-off and records one success', async () => {
    const hook = new FakeChannel('webhook', 2);
    const { bus, written, metrics } = await setup([hook]);
    bus.emit('alert.changed', { change: 'raised', alert });
    await settle();
    expect(hook.attempts).toBe(3);
    expect(hook.sent).toHaveLength(1);
    expect(written.map((r) => [r.outcome, r.attempts])).toEqual([['sent', 3]]);
    const { values } = await metrics.notifications.get();
    expect(values.find((v) => v.labels.outcome === 'retried')?.value).toBe(2);
  });

  it('gives up at once on a failure marked final, and waits at least a retry-after hint', async () => {
    class ChatChannel extends FakeChannel {
      constructor(
        name: NotificationChannel['name'],
        private readonly failure: DeliveryError,
        private readonly addressList: string[],
      ) {
        super(name, 1);
      }
      override async send(n: AlertNotification): Promise<void> {
        this.attempts += 1;
        if (this.attempts === 1) throw this.failure;
        this.sent.push(n);
      }
      addresses(): string[] {
        return this.addressList;
      }
    }
    const final = new ChatChannel('telegram', new DeliveryError('Telegram chat 404: 400 Bad Request: chat not found', false), ['404']);
    const slow = new ChatChannel('zalo', new DeliveryError('busy', true, 300), ['555']);
    const nobody = new ChatChannel('webhook', new DeliveryError('never', true), []);
    const { bus, written } = await setup([final, slow, nobody]);
    const startedAt = Date.now();
    bus.emit('alert.changed', { change: 'raised', alert });
    await settle();
    expect(final.attempts).toBe(1);
    expect(written).toMatchObject([{ channel: 'telegram', outcome: 'failed', attempts: 1, recipients: ['404'] }]);
    // NOTIFY_RETRY_BASE_MS is 10 ms: the second Zalo attempt waited for the 300 ms hint.
    expect(slow.attempts).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(slow.attempts).toBe(2);
    const zalo = written.find((r) => r.channel === 'zalo');
    expect(zalo).toMatchObject({ outcome: 'sent', attempts: 2, recipients: ['555'] });
    expect(Date.parse(zalo?.at ?? '') - startedAt).toBeGreaterThanOrEqual(290);
    // A channel nobody of the cluster uses: nothing sent, nothing recorded.
    expect(nobody.attempts).toBe(0);
    expect(written.filter((r) => r.channel === 'webhook')).toEqual([]);
  });

  it('gives up after NOTIFY_MAX_ATTEMPTS, records the failure with its error, and does not try again', async () => {
    const hook = new FakeChannel('webhook', 10);
    const { bus, written, service } = await setup([hook]);
    bus.emit('alert.changed', { change: 'raised', alert });
    await settle();
    bus.emit('alert.changed', { change: 'updated', alert });
    await settle();
    expect(hook.attempts).toBe(3);
    expect(written).toMatchObject([{ outcome: 'failed', attempts: 3, error: 'HTTP 503' }]);
    expect(service.list(alert.id).map((r) => r.outcome)).toEqual(['failed']);
  });

  it('retries a failed notification by hand: a new delivery whose outcome replaces the failed one; only a failed one', async () => {
    const hook = new FakeChannel('webhook', 3);
    const { bus, written, service } = await setup([hook]);
    bus.emit('alert.changed', { change: 'raised', alert });
    await settle();
    const id = `${alert.id}|raised:critical|webhook`;
    expect(service.list().map((r) => [r.id, r.outcome])).toEqual([[id, 'failed']]);
    expect(() => service.retry('nothing|webhook')).toThrow(/no notification outcome/);
    service.retry(id);
    await settle();
    expect(hook.attempts).toBe(4);
    expect(hook.sent.map((n) => n.key)).toEqual([`${alert.id}|raised:critical`]);
    expect(written.map((r) => [r.outcome, r.attempts])).toEqual([
      ['failed', 3],
      ['sent', 1],
    ]);
    expect(service.list().map((r) => [r.id, r.outcome])).toEqual([[id, 'sent']]);
    expect(() => service.retry(id)).toThrow(/only a failed one is retried/);
  });

  it('records a notification under a silence as suppressed without sending it', async () => {
    const hook = new FakeChannel('webhook');
    const silence = { id: 's1' } as SilenceDto;
    const { bus, written } = await setup([hook], { silence });
    bus.emit('alert.changed', { change: 'raised', alert });
    await settle();
    expect(hook.sent).toEqual([]);
    expect(written).toMatchObject([{ outcome: 'suppressed', silence: 's1' }]);
  });

  it('after a restart, sends nothing already recorded and what an open alert still owes', async () => {
    const hook = new FakeChannel('webhook');
    const mail = new FakeChannel('email');
    const stored = [{ id: `${alert.id}|raised:critical|webhook`, outcome: 'sent' } as DeliveryRecord];
    await setup([hook, mail], { stored, open: [alert] });
    await settle();
    expect(hook.sent).toEqual([]);
    expect(mail.sent.map((n) => n.key)).toEqual([`${alert.id}|raised:critical`]);
  });
});
