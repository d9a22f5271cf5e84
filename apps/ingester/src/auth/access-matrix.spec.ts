import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertDto, AlertEventDto, DeliveryRecord, ReadingEventDto, StationStateEventDto } from '@langxanh/contracts';
import { eventually } from '@langxanh/local-services';
import { ADMIN, startAppWithFakes, type FakeApp } from '../../test/support/app-with-fakes';
import { AlertsService } from '../alerts/alerts.service';
import { DomainEventBus } from '../common/domain-events';
import { NotificationsService } from '../notifications/notifications.service';
import { RegistryService } from '../registry/registry.service';
import { EVENT_CASES, MATRIX_ROLES, ROUTE_CASES, renderAccessMatrix, type MatrixRole } from './access-matrix';
import { RouteInventory } from './route-inventory';

/**
 * Every role against every REST route and socket.io event of the real application (fake storage and broker),
 * from the table in access-matrix.ts; the table must list exactly the routes the application serves, and the
 * reference (docs/security.md) must show the table.
 */
describe('access matrix', () => {
  let fx: FakeApp;
  const tokens: Partial<Record<MatrixRole, string>> = {};
  const placeholders: Record<string, string> = {};
  /** Placeholders that differ per role (`{ownPassword}`: the caller's own password). */
  const perRole: Record<MatrixRole, Record<string, string>> = {
    anonymous: {},
    manager: {},
    department: {},
    admin: {},
  };

  const fill = <T>(value: T, role: MatrixRole): T =>
    value === undefined
      ? value
      : (JSON.parse(
          JSON.stringify(value).replace(
            /\{(\w+)\}/g,
            (m, name: string) => perRole[role][name] ?? placeholders[name] ?? m,
          ),
        ) as T);

  beforeAll(async () => {
    fx = await startAppWithFakes({ AUTH_LOGIN_LIMIT: '50' });
    const admin = await fx.login(ADMIN.username, ADMIN.password);
    tokens.admin = admin.token;
    const create = async (username: string, role: string, clusters: string[] = []) => {
      const password = `${username}-password-123`;
      const response = await fx.request('POST', '/api/users', {
        token: admin.token,
        body: { username, password, role, clusters },
      });
      expect(response.status).toBe(201);
      return password;
    };
    const managerPassword = await create('manager-a', 'manager', ['phong-khe']);
    const departmentPassword = await create('dept-user', 'department');
    placeholders.loginUser = 'login-target';
    placeholders.loginPassword = await create('login-target', 'department');
    placeholders.targetUser = 'target-user';
    await create('target-user', 'manager', ['da-hoi']);
    tokens.manager = (await fx.login('manager-a', managerPassword)).token;
    tokens.department = (await fx.login('dept-user', departmentPassword)).token;
    perRole.manager.ownPassword = managerPassword;
    perRole.department.ownPassword = departmentPassword;
    perRole.admin.ownPassword = ADMIN.password;
    perRole.anonymous.ownPassword = 'anonymous-has-none';
    // Registry changes (issue 17): each role that may change it adds its own station and cluster.
    for (const role of MATRIX_ROLES) {
      perRole[role].newStation = `mx-${role}-01`;
      perRole[role].newCluster = `mx-${role}`;
    }
    const issued = await fx.request('POST', '/api/tokens', {
      token: admin.token,
      body: { name: 'to-revoke', role: 'department', scopes: ['read'] },
    });
    placeholders.tokenId = ((await issued.json()) as { info: { id: string } }).info.id;

    // Alerts and silences to act on (issue: alerting). An acknowledgement or a deletion succeeds once, so each
    // role that may act gets its own alert or silence.
    const bus = fx.app.get(DomainEventBus);
    const registry = fx.app.get(RegistryService);
    const raise = (station: string, parameter: string, value: number): string => {
      const registered = registry.get(station)!;
      // Two readings: the shipped wastewater policy confirms an exceedance on the second consecutive one.
      for (const ago of [120_000, 60_000]) {
        bus.emit('reading.accepted', {
          cluster: registered.cluster.id,
          kind: registered.station.kind,
          station,
          time: Date.now() - ago,
          values: { [parameter]: value },
          status: { [parameter]: '00' },
        });
      }
      const alert = fx.app
        .get(AlertsService)
        .list({ station })
        .find((a) => a.parameter === parameter);
      if (!alert) throw new Error(`no alert on ${station} ${parameter}`);
      return encodeURIComponent(alert.id);
    };
    placeholders.alertA = raise('pk-ww-01', 'pH', 3);
    placeholders.alertB = raise('dh-ww-01', 'pH', 3);
    // bulk acknowledgement takes raw ids in its body (an alert already acknowledged is skipped, not refused)
    placeholders.alertIdA = decodeURIComponent(placeholders.alertA);
    placeholders.alertIdB = decodeURIComponent(placeholders.alertB);
    perRole.anonymous.ackA = perRole.manager.ackA = raise('pk-ww-01', 'COD', 500);
    perRole.department.ackA = raise('pk-ww-01', 'TSS', 500);
    perRole.admin.ackA = raise('pk-ww-01', 'BOD5', 500);
    perRole.anonymous.ackB = perRole.manager.ackB = perRole.department.ackB = raise('dh-ww-01', 'COD', 500);
    perRole.admin.ackB = raise('dh-ww-01', 'TSS', 500);
    // Failed notification outcomes to retry (one per role that may): recorded as the service records a delivery
    // given up after its attempts; the retry goes out on the MQTT channel (on by default) to the fake broker.
    const notifications = fx.app.get(NotificationsService) as unknown as { record(r: DeliveryRecord): void };
    const failed = (n: string): string => {
      const alertId = decodeURIComponent(placeholders.alertA ?? '');
      const key = `${alertId}|raised:critical#${n}`;
      notifications.record({
        id: `${key}|mqtt`,
        key,
        channel: 'mqtt',
        alertId,
        cluster: 'phong-khe',
        station: 'pk-ww-01',
        stage: 'raised',
        outcome: 'failed',
        attempts: 3,
        error: 'fixture',
        recipients: [],
        at: new Date().toISOString(),
      });
      return encodeURIComponent(`${key}|mqtt`);
    };
    perRole.anonymous.failedA = perRole.manager.failedA = failed('denied');
    perRole.department.failedA = failed('department');
    perRole.admin.failedA = failed('admin');
    placeholders.inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    const silence = async (target: Record<string, string>): Promise<string> => {
      const response = await fx.request('POST', '/api/silences', {
        token: admin.token,
        body: { ...target, to: placeholders.inAnHour, reason: 'fixture' },
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };
    perRole.anonymous.silenceA = perRole.manager.silenceA = await silence({ station: 'pk-bin-01' });
    perRole.department.silenceA = await silence({ cluster: 'phong-khe' });
    perRole.admin.silenceA = await silence({ station: 'pk-air-01' });
    perRole.anonymous.silenceB =
      perRole.manager.silenceB =
      perRole.department.silenceB =
        await silence({ cluster: 'da-hoi' });
    perRole.admin.silenceB = await silence({ station: 'dh-ww-01' });
  });

  afterAll(async () => {
    await fx?.close();
  });

  it('lists exactly the routes the application serves, each with an access rule', () => {
    const served = fx.app.get(RouteInventory).routes();
    expect(served.filter((r) => !r.rule).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const listed = [...new Set(ROUTE_CASES.map((c) => c.route))].sort();
    expect([...new Set(served.map((r) => `${r.method} ${r.path}`))].sort()).toEqual(listed);
  });

  describe.each(ROUTE_CASES.map((c) => [`${c.route} — ${c.when}`, c] as const))('%s', (_name, c) => {
    it.each(MATRIX_ROLES.map((role, i) => [role, c.expect[i]] as const))('%s: %s', async (role, verdict) => {
      const [method, ...rest] = c.route.split(' ');
      expect(rest).toHaveLength(1);
      const response = await fx.request(method, fill(c.path, role), {
        token: tokens[role],
        body: fill(c.body, role),
      });
      if (verdict === 'deny') {
        expect(response.status).toBe(role === 'anonymous' ? 401 : 403);
      } else {
        // Allowed cases are built to succeed: anything but 2xx (a 404 included) fails, so a denial cannot hide.
        expect([response.status, response.status >= 200 && response.status < 300]).toEqual([
          response.status,
          true,
        ]);
        // A changed password ends the caller's other sessions and answers a new one: go on with it.
        const session = (await response.json().catch(() => undefined)) as { token?: string } | undefined;
        if (c.route === 'POST /api/auth/password' && session?.token) tokens[role] = session.token;
      }
    });
  });

  it('delivers each socket.io event only to the roles allowed to see it', async () => {
    const registry = fx.app.get(RegistryService);
    const bus = fx.app.get(DomainEventBus);
    const received: Record<MatrixRole, { event: string; key: string }[]> = {
      anonymous: [],
      manager: [],
      department: [],
      admin: [],
    };
    for (const role of MATRIX_ROLES) {
      const socket = fx.socket(tokens[role]);
      socket.on('reading', (e: ReadingEventDto) => received[role].push({ event: 'reading', key: e.time }));
      socket.on('alert', (e: AlertEventDto) => received[role].push({ event: 'alert', key: e.alert.id }));
      socket.on('station-state', (e: StationStateEventDto) =>
        received[role].push({ event: 'station-state', key: e.lastSeen ?? '' }),
      );
      await eventually(() => expect(socket.connected).toBe(true));
    }
    for (const [i, c] of EVENT_CASES.entries()) {
      const registered = registry.get(c.station)!;
      const key = new Date(Date.UTC(2020, 0, 1, 0, 0, i)).toISOString();
      if (c.event === 'reading') {
        const values: Record<string, number> =
          registered.station.kind === 'air'
            ? { RH: 50 }
            : registered.station.kind === 'waste'
              ? { battery: 90 }
              : { pH: 7 };
        const status = Object.fromEntries(Object.keys(values).map((k) => [k, '00' as const]));
        bus.emit('reading.accepted', {
          cluster: registered.cluster.id,
          kind: registered.station.kind,
          station: c.station,
          time: Date.parse(key),
          values,
          status,
        });
      } else if (c.event === 'alert') {
        const alert = {
          id: key,
          cluster: registered.cluster.id,
          station: c.station,
          state: 'resolved',
          ruleId: 'test',
        } as unknown as AlertDto;
        bus.emit('alert.changed', { change: 'resolved', alert });
      } else {
        bus.emit('station.state', { station: c.station, state: 'normal', lastSeen: key });
      }
      const got = (role: MatrixRole) => received[role].some((r) => r.event === c.event && r.key === key);
      await eventually(() => {
        for (const [j, role] of MATRIX_ROLES.entries())
          if (c.expect[j] === 'allow') expect([role, got(role)]).toEqual([role, true]);
      });
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(MATRIX_ROLES.map((role) => [role, got(role) ? 'allow' : 'deny'])).toEqual(
        MATRIX_ROLES.map((role, j) => [role, c.expect[j]]),
      );
    }
  });

  it('is the table printed in docs/security.md', () => {
    const file = join(__dirname, '../../../../docs/security.md');
    const section = /(<!-- access-matrix:start -->\n)([\s\S]*?)(\n<!-- access-matrix:end -->)/;
    // `UPDATE_ACCESS_MATRIX=1 npx nx test ingester` rewrites the table in docs/security.md from access-matrix.ts.
    if (process.env.UPDATE_ACCESS_MATRIX === '1') {
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          section,
          (_m, a: string, _b, c: string) => `${a}${renderAccessMatrix()}${c}`,
        ),
      );
    }
    expect(section.exec(readFileSync(file, 'utf8'))?.[2]).toBe(renderAccessMatrix());
  });
});
