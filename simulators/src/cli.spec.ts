import { runCli } from './cli';
import type { Logger } from './lib/logger';

function capture() {
  const lines: string[] = [];
  const logger = (): Logger => ({
    info: (m) => lines.push(`INFO ${m}`),
    warn: (m) => lines.push(`WARN ${m}`),
    error: (m) => lines.push(`ERROR ${m}`),
  });
  const out: string[] = [];
  return {
    lines,
    out,
    context: {
      logger,
      handleSignals: false,
      writeOut: (s: string) => out.push(s),
      writeErr: (s: string) => out.push(s),
    },
  };
}

describe('CLI', () => {
  it('prints help with exit code 0', async () => {
    const c = capture();
    expect(await runCli(['simulate', '--help'], c.context)).toBe(0);
    expect(c.out.join('')).toContain('--time-scale <k>');
    expect(await runCli(['--help'], c.context)).toBe(0);
  });

  it.each([
    [['simulate', '--count', '0']],
    [['simulate', '--time-scale', 'fast']],
    [['simulate', '--kinds', 'water']],
    [['simulate', '--start', 'yesterday']],
    [['simulate', '--pause', 'pk-air-01@30']],
    [['replay', '--dataset', 'paris']],
    [['replay', '--from', '15/01/2018']],
    [['nonsense']],
  ])('rejects bad usage %j with exit code 2', async (argv) => {
    const c = capture();
    expect(await runCli(argv, c.context)).toBe(2);
    expect(c.out.join('')).toMatch(/error/i);
  });

  it('reports an unknown station before connecting (exit code 1)', async () => {
    const c = capture();
    expect(
      await runCli(['simulate', '--stations', 'nope', '--broker', 'mqtt://127.0.0.1:9'], c.context),
    ).toBe(1);
    expect(c.lines).toEqual([expect.stringMatching(/^ERROR simulate failed: unknown station\(s\) nope/)]);
  });

  it('refuses a pause of a station that is not simulated (exit code 1)', async () => {
    const c = capture();
    expect(
      await runCli(
        [
          'simulate',
          '--stations',
          'pk-air-01',
          '--pause',
          'pk-air-02@5+10',
          '--broker',
          'mqtt://127.0.0.1:9',
        ],
        c.context,
      ),
    ).toBe(1);
    expect(c.lines.join('\n')).toMatch(/--pause names station\(s\) not simulated: pk-air-02/);
  });

  it('refuses to replay air data on a wastewater station', async () => {
    const c = capture();
    expect(
      await runCli(['replay', '--station', 'pk-ww-01', '--broker', 'mqtt://127.0.0.1:9'], c.context),
    ).toBe(1);
    expect(c.lines.join('\n')).toMatch(/pk-ww-01 is a wastewater station/);
  });

  it('fails cleanly when the broker cannot be reached', async () => {
    const c = capture();
    const code = await runCli(
      ['simulate', '--stations', 'pk-air-01', '--broker', 'mqtt://127.0.0.1:9', '--connect-timeout', '0.5'],
      c.context,
    );
    expect(code).toBe(1);
    expect(c.lines.join('\n')).toMatch(/no connection to mqtt:\/\/127\.0\.0\.1:9 within 500 ms/);
  });

  describe('load', () => {
    it('documents its options', async () => {
      const c = capture();
      expect(await runCli(['load', '--help'], c.context)).toBe(0);
      for (const option of [
        '--rate <readings/s>',
        '--duration <s>',
        '--settle-timeout <s>',
        '--connections <n>',
      ])
        expect(c.out.join('')).toContain(option);
    });

    it.each([
      [['load', '--duration', '1']],
      [['load', '--rate', '100']],
      [['load', '--rate', '0', '--duration', '1']],
      [['load', '--rate', '100', '--duration', '-1']],
      [['load', '--rate', '100', '--duration', '1', '--kind', 'waste']],
      [['load', '--rate', '100', '--duration', '1', '--qos', '2']],
      [['load', '--rate', '100', '--duration', '1', '--first', '1.5']],
      [['load', '--rate', '100', '--duration', '1', '--connections', '0']],
    ])('rejects bad usage %j with exit code 2', async (argv) => {
      const c = capture();
      expect(await runCli(argv, c.context)).toBe(2);
      expect(c.out.join('')).toMatch(/error/i);
    });

    it('refuses more stations than the registry has air stations (exit code 1)', async () => {
      const c = capture();
      expect(
        await runCli(
          ['load', '--rate', '10', '--duration', '1', '--stations', '99', '--broker', 'mqtt://127.0.0.1:9'],
          c.context,
        ),
      ).toBe(1);
      expect(c.lines.join('\n')).toMatch(/--stations 99: the registry has only \d+ air station/);
    });

    it('prints the summary and exits 1 when the broker cannot be reached', async () => {
      const c = capture();
      const printed: string[] = [];
      const code = await runCli(
        [
          'load',
          '--rate',
          '10',
          '--duration',
          '1',
          '--t0',
          '1767225600000',
          '--json',
          '--broker',
          'mqtt://127.0.0.1:9',
          '--connect-timeout',
          '0.5',
        ],
        { ...c.context, output: (s) => printed.push(s) },
      );
      expect(code).toBe(1);
      expect(c.lines.join('\n')).toMatch(
        /load failed: no connection to mqtt:\/\/127\.0\.0\.1:9 within 500 ms/,
      );
      expect(printed).toHaveLength(1);
      expect(JSON.parse(printed[0])).toMatchObject({
        first: 0,
        count: 10,
        sent: 0,
        acked: 0,
        stations: 9,
        t0: 1767225600000,
        lastTs: null,
        startedAt: null,
        ackedAllAt: null,
        connections: 1,
        qos: 1,
      });
    });
  });
});
