import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { StationIndex } from '@langxanh/contracts';
import { eventually, startMosquitto, type RunningService } from '@langxanh/local-services';
import { runCli } from './cli';
import { createStationModel } from './lib/generator/model';
import { loadRegistry, repoRoot } from './lib/registry';
import { readingMessage, stationClock } from './lib/simulate';
import { capture, testContext, validate, type Capture } from './testing/capture';

const registry = loadRegistry();
const index = new StationIndex(registry);
const all = index.all();
const MAIN = join(repoRoot(), 'dist/simulators/simulators/src/main.js');

describe('simulate against a real mosquitto', () => {
  let broker: RunningService;
  let sub: Capture | undefined;

  beforeAll(async () => {
    broker = await startMosquitto({ port: 0 });
  });
  afterEach(async () => {
    await sub?.close();
    sub = undefined;
  });
  afterAll(async () => broker?.stop());

  it('publishes valid readings for every registry station, with retained online then offline status', async () => {
    sub = await capture(broker.url);
    const { context, lines } = testContext();
    const code = await runCli(
      [
        'simulate',
        '--broker',
        broker.url,
        '--interval',
        '0.2',
        '--count',
        '3',
        '--seed',
        'int',
        '--log-every',
        '50',
      ],
      context,
    );
    expect(code).toBe(0);
    await eventually(() => expect(sub!.readings()).toHaveLength(all.length * 3), { timeoutMs: 10_000 });
    await eventually(() =>
      expect(sub!.statuses().filter((m) => m.payload === 'offline')).toHaveLength(all.length),
    );

    for (const r of all) {
      const id = r.station.id;
      const readings = sub.readings(id);
      expect(readings).toHaveLength(3);
      for (const m of readings) {
        expect(m.topic).toBe(`langxanh/v1/${r.cluster.id}/${r.station.kind}/${id}/reading`);
        const outcome = validate(m, index);
        expect(outcome.rejections).toEqual([]);
        expect(outcome.reading?.station).toBe(id);
      }
      const statuses = sub.statuses(id).map((m) => m.payload);
      expect(statuses).toEqual(['online', 'offline']);
      const online = sub.messages.findIndex(
        (m) => m.topic.endsWith(`${id}/status`) && m.payload === 'online',
      );
      const firstReading = sub.messages.findIndex((m) => m.topic.endsWith(`${id}/reading`));
      expect(online).toBeLessThan(firstReading);
    }
    // One log line per 50 readings, not one per reading.
    expect(lines.filter((l) => /^INFO \d+ readings published/.test(l)).length).toBe(
      Math.floor((all.length * 3) / 50),
    );

    // The retained state a newcomer sees: every station offline.
    const late = await capture(broker.url, 'langxanh/v1/+/+/+/status');
    await eventually(() => expect(late.statuses()).toHaveLength(all.length));
    expect(late.statuses().every((m) => m.retain && m.payload === 'offline')).toBe(true);
    await late.close();
  });

  it('limits the run with --duration and the stations with --clusters', async () => {
    sub = await capture(broker.url);
    const { context } = testContext();
    const started = Date.now();
    expect(
      await runCli(
        [
          'simulate',
          '--broker',
          broker.url,
          '--clusters',
          'phong-khe',
          '--interval',
          '0.5',
          '--duration',
          '1.2',
        ],
        context,
      ),
    ).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    const ids = registry.clusters[0].stations.map((s) => s.id);
    await eventually(() => expect(sub!.readings()).toHaveLength(ids.length * 3));
    expect(new Set(sub.readings().map((m) => m.topic.split('/')[4]))).toEqual(new Set(ids));
  });

  it('is reproducible: same seed and --start → the same values; another seed → others', async () => {
    const stations = ['pk-ww-01', 'dh-air-01', 'vm-bin-02'];
    const run = async (seed: string): Promise<Record<string, unknown[]>> => {
      const s = await capture(broker.url);
      const args = [
        'simulate',
        '--broker',
        broker.url,
        '--stations',
        stations.join(','),
        '--start',
        '2026-01-05T08:00:00',
        '--interval',
        '0.1',
        '--count',
        '5',
        '--seed',
        seed,
      ];
      expect(await runCli(args, testContext().context)).toBe(0);
      await eventually(() => expect(s.readings()).toHaveLength(15));
      await s.close();
      return Object.fromEntries(
        stations.map((id) => [id, s.readings(id).map((m) => JSON.parse(m.payload).values)]),
      );
    };
    const a = await run('same');
    const b = await run('same');
    const c = await run('other');
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    // And they are what the pure generator computes for that model time.
    const r = index.get('pk-ww-01')!;
    const clock = stationClock(r.station, {
      realStart: 0,
      modelStart: Date.parse('2026-01-05T08:00:00+07:00'),
      intervalS: 0.1,
    });
    const model = createStationModel(r, { seed: 'same' });
    expect(a['pk-ww-01']).toEqual([0, 1, 2, 3, 4].map((n) => readingMessage(model, clock, n).payload.values));
  });

  it('carries an incident over MQTT: COD over QCVN 40:2011 B × Kq × Kf = 135 mg/L at pk-ww-01, from under it', async () => {
    const r = index.get('pk-ww-01')!;
    const model = createStationModel(r, { seed: 'int' });
    const from = Date.parse('2026-01-05T00:00:00+07:00');
    const incident = model.incidents(from, from + 60 * 86_400_000).find((w) => 'COD' in w.spec.effects)!;
    expect(incident).toBeDefined();
    const start = new Date(incident.start - 10 * 60_000).toISOString();
    sub = await capture(broker.url);
    // One reading per model minute (model clock 600× real time, a reading every 0.1 s), 40 readings.
    const args = [
      'simulate',
      '--broker',
      broker.url,
      '--stations',
      'pk-ww-01',
      '--seed',
      'int',
      '--start',
      start,
      '--model-speed',
      '600',
      '--interval',
      '0.1',
      '--count',
      '40',
    ];
    expect(await runCli(args, testContext().context)).toBe(0);
    await eventually(() => expect(sub!.readings()).toHaveLength(40));
    const cod = sub.readings().map((m) => JSON.parse(m.payload).values.COD as number);
    expect(Math.max(...cod.slice(0, 10))).toBeLessThan(135);
    expect(Math.max(...cod.slice(20))).toBeGreaterThan(135);
  });

  it('survives a broker restart: reconnects, says online again and keeps publishing', async () => {
    const stations = ['dk-air-01', 'dk-ww-01'];
    const controller = new AbortController();
    const { context, lines } = testContext();
    const run = runCli(
      ['simulate', '--broker', broker.url, '--stations', stations.join(','), '--interval', '0.2'],
      {
        ...context,
        signal: controller.signal,
      },
    );
    sub = await capture(broker.url);
    await eventually(() => expect(sub!.readings('dk-air-01').length).toBeGreaterThanOrEqual(2), {
      timeoutMs: 5_000,
    });
    await sub.close();

    await broker.restart({ signal: 'SIGTERM', downtimeMs: 1_500 });
    sub = await capture(broker.url);
    const after = Date.now();
    await eventually(
      () => {
        for (const id of stations) {
          expect(
            sub!
              .statuses(id)
              .filter((m) => !m.retain)
              .map((m) => m.payload),
          ).toContain('online');
          expect(sub!.readings(id).filter((m) => m.at > after).length).toBeGreaterThanOrEqual(3);
        }
      },
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    controller.abort();
    expect(await run).toBe(0);
    expect(lines.join('\n')).toMatch(/disconnected from .* reconnecting/);
    await eventually(() => expect(sub!.statuses('dk-ww-01').at(-1)?.payload).toBe('offline'));
  });

  describe('as a process (the built CLI)', () => {
    const children = new Set<ChildProcess>();
    beforeAll(() => {
      if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npx nx build simulators\` first`);
    });
    afterEach(() => {
      for (const child of children)
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      children.clear();
    });
    /** Live (not retained) status payloads of a station. */
    const live = (id: string) =>
      sub!
        .statuses(id)
        .filter((m) => !m.retain)
        .map((m) => m.payload);

    const startCli = (stations: string) => {
      const child = spawn(
        process.execPath,
        [
          MAIN,
          'simulate',
          '--broker',
          broker.url,
          '--stations',
          stations,
          '--time-scale',
          '60',
          '--client-prefix',
          `proc-${stations}`,
        ],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      children.add(child);
      return child;
    };
    const exit = (child: ReturnType<typeof spawn>) =>
      new Promise<number | null>((resolve) =>
        child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
      );

    it('runs until SIGTERM, then publishes offline and exits 0', async () => {
      sub = await capture(broker.url);
      const child = startCli('db-air-01,db-bin-01');
      let output = '';
      child.stdout?.on('data', (d) => (output += d));
      const exited = exit(child);
      await eventually(() => expect(sub!.readings('db-air-01').length).toBeGreaterThanOrEqual(2), {
        timeoutMs: 15_000,
      });
      expect(live('db-air-01')).toEqual(['online']);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toMatch(/SIGTERM: stopping/);
      await eventually(() => expect(live('db-air-01')).toEqual(['online', 'offline']));
      await eventually(() => expect(live('db-bin-01')).toEqual(['online', 'offline']));
    });

    it('leaves its last will when killed: the broker publishes the retained offline', async () => {
      sub = await capture(broker.url);
      const child = startCli('pl-air-01');
      const exited = exit(child);
      await eventually(() => expect(sub!.readings('pl-air-01').length).toBeGreaterThanOrEqual(1), {
        timeoutMs: 15_000,
      });
      child.kill('SIGKILL');
      await exited;
      await eventually(() => expect(live('pl-air-01')).toEqual(['online', 'offline']), { timeoutMs: 10_000 });
      const late = await capture(broker.url, 'langxanh/v1/phu-lang/air/pl-air-01/status');
      await eventually(() =>
        expect(late.statuses()).toEqual([expect.objectContaining({ payload: 'offline', retain: true })]),
      );
      await late.close();
    });
  });
});
