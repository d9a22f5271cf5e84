import { ConfigService } from '@nestjs/config';
import { validateEnv, type Env } from '../config/env';
import { HealthService } from '../health/health.service';
import { MetricsService } from '../metrics/metrics.service';
import { subscriptionsOf } from '../mqtt/mqtt.adapter';
import { RegistryService } from '../registry/registry.service';
import { ClusterService } from './cluster.service';

const make = (env: Record<string, string> = {}) => {
  const config = new ConfigService<Env, true>(validateEnv({ REGISTRY_FILE: `${__dirname}/../../../../deploy/registry/bac-ninh.json`, ...env }));
  const registry = new RegistryService(config);
  return new ClusterService(config, registry, new MetricsService());
};

describe('ClusterService on a single node (REDIS_URL unset)', () => {
  it('owns every station, announces at once, and shows no cluster in health', async () => {
    const cluster = make();
    expect(cluster.enabled).toBe(false);
    expect(cluster.owns('vm-air-01')).toBe(true);
    const done: string[] = [];
    cluster.announce('alert:x|raised', 'vm-air-01', () => done.push('x'));
    cluster.announce('alert:x|raised', 'vm-air-01', () => done.push('again'), { ownerOnly: true });
    expect(done).toEqual(['x', 'again']);
    expect(await cluster.claimOrResume('notify:x', 'vm-air-01')).toBe(true);
    expect(cluster.health()).toBeUndefined();
    expect(cluster.peers()).toEqual(['1']);
  });
});

describe('configuration of several nodes', () => {
  it('derives the MQTT client id from NODE_ID unless it is given', () => {
    expect(validateEnv({}).MQTT_CLIENT_ID).toBe('langxanh-ingester-1');
    expect(validateEnv({ NODE_ID: 'b' }).MQTT_CLIENT_ID).toBe('langxanh-ingester-b');
    expect(validateEnv({ NODE_ID: 'b', MQTT_CLIENT_ID: 'mine' }).MQTT_CLIENT_ID).toBe('mine');
    expect(() => validateEnv({ NODE_ID: 'a/b' })).toThrow(/NODE_ID/);
    expect(() => validateEnv({ MQTT_SHARE_GROUP: 'a+b' })).toThrow(/MQTT_SHARE_GROUP/);
    expect(() => validateEnv({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL/);
  });

  it('subscribes through the shared group for storage and to everything for evaluation', () => {
    expect(subscriptionsOf()).toEqual({
      storage: { 'langxanh/v1/+/+/+/reading': { qos: 1 }, 'langxanh/v1/+/+/+/status': { qos: 1 } },
    });
    expect(subscriptionsOf('g')).toEqual({
      storage: { '$share/g/langxanh/v1/+/+/+/reading': { qos: 1 } },
      evaluation: { 'langxanh/v1/+/+/+/reading': { qos: 1 }, 'langxanh/v1/+/+/+/status': { qos: 1 } },
    });
  });
});

describe('readiness of a node of several', () => {
  it('needs the evaluation session as well as the storage session', () => {
    const body = (evaluationConnected?: boolean) =>
      ({
        broker: { connected: true, url: 'mqtt://x', ...(evaluationConnected === undefined ? {} : { evaluationConnected }) },
        database: { reachable: true, api: 'v1' },
      }) as Parameters<typeof HealthService.ready>[0];
    expect(HealthService.ready(body())).toBe(true);
    expect(HealthService.ready(body(true))).toBe(true);
    expect(HealthService.ready(body(false))).toBe(false);
    expect(HealthService.healthy(body(false))).toBe(false);
  });
});
