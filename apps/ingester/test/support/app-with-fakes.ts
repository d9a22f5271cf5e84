import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, SessionDto } from '@langxanh/contracts';
import { AppModule } from '../../src/app/app.module';
import { configureHttp } from '../../src/common/http';
import { MqttAdapter } from '../../src/mqtt/mqtt.adapter';
import { AlertDocumentsRepository } from '../../src/storage/alert-documents.repository';
import { AlertsRepository } from '../../src/storage/alerts.repository';
import { ReadingsRepository, type ValidSampleStatsQuery } from '../../src/storage/readings.repository';
import { StationStateRepository } from '../../src/storage/station-state.repository';
import { StorageHealth } from '../../src/storage/storage-health';
import { StorageModule } from '../../src/storage/storage.module';
import { StorageStartup, WarmUpProgress } from '../../src/storage/storage-startup';

export const ADMIN = { username: 'root-admin', password: 'admin-password-for-tests' } as const;

/** One call of a repository method that reads InfluxDB (or pings it). */
export interface StorageCall {
  readonly method: string;
  readonly args: unknown[];
}

/**
 * Fakes of StorageModule's repositories: reads answer empty, appends are dropped. Every read (and ping) is counted
 * in `calls` under the repository method's name, so a test can assert that a rejected request never reached the
 * database.
 */
export function fakeRepositories() {
  const calls: StorageCall[] = [];
  const reading = <A extends unknown[], R>(method: string, answer: (...args: A) => R) =>
    (...args: A): R => {
      calls.push({ method, args });
      return answer(...args);
    };
  const readings: Record<keyof ReadingsRepository, unknown> = {
    queue: () => undefined,
    flush: () => undefined,
    whenWritable: async () => undefined,
    buckets: reading('buckets', async () => []),
    recentTimes: reading('recentTimes', async () => []),
    newestTimes: async () => new Map(),
    validHourlyMeans: reading('validHourlyMeans', async () => new Map()),
    validSampleStats: reading('validSampleStats', async (q: ValidSampleStatsQuery) => ({
      samples: 0,
      excluded: 0,
      max: null,
      min: null,
      ...Object.fromEntries(Object.entries(q.thresholds).filter(([, x]) => x !== undefined).map(([name]) => [name, 0])),
    })),
    minuteBuckets: reading('minuteBuckets', async () => new Map()),
    hourBuckets: reading('hourBuckets', async () => new Map()),
    deleteRange: reading('deleteRange', async () => undefined),
    pages: reading('pages', async function* () {
      yield* [];
    }),
  };
  const alerts: Record<keyof AlertsRepository, unknown> = {
    append: () => undefined,
    drained: async () => true,
    latestStates: reading('latestStates', async () => []),
    history: reading('history', async () => []),
  };
  const stations: Record<keyof StationStateRepository, unknown> = {
    newestByStation: reading('newestByStation', async () => new Map()),
  };
  const documents: Record<keyof AlertDocumentsRepository, unknown> = {
    append: () => undefined,
    drained: async () => true,
    latest: reading('latest', async () => []),
  };
  const health: Record<keyof StorageHealth, unknown> = {
    policy: 'block',
    api: 'v1',
    version: '1.6.7',
    ping: reading('ping', async () => true),
    databaseState: () => ({ writing: true }),
    refreshGauges: () => SPOOL_STATS,
  };
  const startup: Record<'connected' | 'restore' | 'averages', unknown> = {
    connected: true,
    averages: new WarmUpProgress(),
    restore: async (_name: string, read: () => Promise<void>) => {
      await read();
      return true;
    },
  };
  return { calls, readings, alerts, stations, documents, health, startup };
}

/**
 * StorageModule with its repositories faked ({@link fakeRepositories}): no spool, no InfluxDB.
 */
function fakeStorageModule(repositories: ReturnType<typeof fakeRepositories>): DynamicModule {
  const providers = [
    { provide: ReadingsRepository, useValue: repositories.readings },
    { provide: AlertsRepository, useValue: repositories.alerts },
    { provide: StationStateRepository, useValue: repositories.stations },
    { provide: AlertDocumentsRepository, useValue: repositories.documents },
    { provide: StorageHealth, useValue: repositories.health },
    { provide: StorageStartup, useValue: repositories.startup },
  ];
  return { module: FakeStorageModule, providers, exports: providers.map((p) => p.provide) };
}

@Module({})
class FakeStorageModule {}

/**
 * An object whose listed members are the given values and whose every other member is a function answering
 * `undefined`, so that adapter methods added later do not break these tests.
 */
function fake(known: Record<string, unknown>): unknown {
  return new Proxy(known, {
    get: (target, key: string) =>
      key in target ? target[key] : key === 'then' ? undefined : () => undefined,
  });
}

const SPOOL_STATS = {
  pendingBytes: 0,
  pendingLines: 0,
  oldestPendingAt: undefined,
  segments: 0,
  maxBytes: 1_000_000,
  full: false,
  droppedLines: 0,
};

export interface FakeApp {
  readonly app: NestExpressApplication;
  readonly baseUrl: string;
  readonly calls: StorageCall[];
  readonly dataDir: string;
  request(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  login(username: string, password: string): Promise<SessionDto>;
  socket(token?: string): Socket<ServerToClientEvents, ClientToServerEvents>;
  close(): Promise<void>;
}

/**
 * The whole ingester application (every controller, guard and gateway) on a loopback port, with fake repositories and
 * a fake broker connection, a fresh auth data folder and the first administrator {@link ADMIN}.
 */
export async function startAppWithFakes(env: Record<string, string> = {}): Promise<FakeApp> {
  const dataDir = env.AUTH_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'langxanh-auth-'));
  Object.assign(process.env, {
    REGISTRY_FILE: join(__dirname, '../../../../deploy/registry/bac-ninh.json'),
    AUTH_DATA_DIR: dataDir,
    AUTH_JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    AUTH_BCRYPT_COST: '4',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    LIVE_THROTTLE_MS: '0',
    LOG_LEVEL: 'error',
    AUTH_LOGIN_LIMIT: '5',
    // Every test request comes from 127.0.0.1: the per-address limit is tested on its own.
    AUTH_LOGIN_IP_LIMIT: '1000',
    ...env,
  });
  const repositories = fakeRepositories();
  const { calls } = repositories;
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] })
    .overrideModule(StorageModule)
    .useModule(fakeStorageModule(repositories))
    .overrideProvider(MqttAdapter)
    .useValue(
      fake({
        connected: true,
        url: 'mqtt://fake',
        broker: () => ({
          connected: true,
          url: 'mqtt://fake',
          since: new Date().toISOString(),
          reconnectAttempts: 0,
        }),
        publish: async () => true,
        link: () => ({ connected: true, since: 0 }),
        outages: () => [],
        drops: () => ({ observed: 0 }),
      }),
    )
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
  configureHttp(app, '');
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const sockets: Socket[] = [];

  const request: FakeApp['request'] = (method, path, options = {}) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  return {
    app,
    baseUrl,
    calls,
    dataDir,
    request,
    async login(username, password) {
      const response = await request('POST', '/api/auth/login', { body: { username, password } });
      if (response.status !== 200)
        throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
      return (await response.json()) as SessionDto;
    },
    socket(token) {
      const socket = io(baseUrl, {
        path: '/socket.io',
        transports: ['websocket'],
        ...(token ? { auth: { token } } : {}),
      });
      sockets.push(socket);
      return socket;
    },
    async close() {
      for (const s of sockets) s.close();
      await app.close();
    },
  };
}
