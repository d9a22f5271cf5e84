import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, SessionDto } from '@langxanh/contracts';
import { AppModule } from '../../src/app/app.module';
import { configureHttp } from '../../src/common/http';
import { MqttAdapter } from '../../src/mqtt/mqtt.adapter';
import { StorageAdapter } from '../../src/storage/storage.adapter';

export const ADMIN = { username: 'root-admin', password: 'admin-password-for-tests' } as const;

/**
 * A fake `InfluxStorage`: reads answer empty, writes are recorded. Every call is counted in `calls`, so a test can
 * assert that a rejected request never reached the database. Methods not listed answer `Promise<[]>`.
 */
export function fakeStorage() {
  const calls: { method: string; args: unknown[] }[] = [];
  const known: Record<string, (...args: unknown[]) => unknown> = {
    api: () => 'v1',
    version: () => '1.6.7',
    ping: async () => true,
    pendingLines: () => 0,
    latestByStation: async () => new Map(),
    latestAlertStates: async () => [],
    alertHistory: async () => [],
    readingBuckets: async () => [],
    writeReading: () => undefined,
    writeAlert: () => undefined,
    flush: async () => undefined,
  };
  const storage = new Proxy({} as Record<string, unknown>, {
    get: (_target, key: string) => {
      if (key === 'api' || key === 'version') return known[key]();
      if (key === 'then') return undefined;
      return (...args: unknown[]) => {
        calls.push({ method: key, args });
        return (known[key] ?? (async () => []))(...args);
      };
    },
  });
  return { storage, calls };
}

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
  readonly calls: { method: string; args: unknown[] }[];
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
 * The whole ingester application (every controller, guard and gateway) on a loopback port, with a fake storage and
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
  const { storage, calls } = fakeStorage();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] })
    .overrideProvider(StorageAdapter)
    .useValue(
      fake({
        storage,
        whenWritable: async () => undefined,
        spoolStats: () => SPOOL_STATS,
        refreshGauges: () => SPOOL_STATS,
        databaseState: () => ({ writing: true }),
      }),
    )
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
