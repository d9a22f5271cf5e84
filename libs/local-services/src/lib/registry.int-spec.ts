/**
 * The teardown registry in a real Node process (not Jest's sandbox): a child process starts a broker, then is
 * signalled or killed; the broker must not outlive it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from './eventually';

const INDEX = join(__dirname, '..', 'index.ts');

// Loads the TypeScript sources through @swc/core (as Jest does) and starts one broker; prints its pid and folder.
const CHILD = `
const fs = require('node:fs');
const swc = require('@swc/core');
require.extensions['.ts'] = (m, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' },
  });
  m._compile(code, filename);
};
require(${JSON.stringify(INDEX)}).startMosquitto({ port: 0 }).then((s) => {
  process.stdout.write(JSON.stringify({ pid: s.pid, dataDir: s.dataDir }) + '\\n');
  setInterval(() => undefined, 1000);
});
`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function startChild(): Promise<{ child: ChildProcess; pid: number; dataDir: string }> {
  const child = spawn(process.execPath, ['-e', CHILD], {
    cwd: join(__dirname, '../../../..'),
    stdio: 'pipe',
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const info = await eventually(
    () => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) throw new Error(`no output yet; stderr: ${err}`);
      return JSON.parse(line) as { pid: number; dataDir: string };
    },
    { timeoutMs: 20_000, intervalMs: 50 },
  );
  return { child, ...info };
}

const exitOf = (child: ChildProcess) =>
  new Promise<NodeJS.Signals | number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.signalCode ?? child.exitCode);
    else child.once('exit', (code, signal) => resolve(signal ?? code));
  });

describe('no service outlives its Node process', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s: handlers kill the broker and remove its folder',
    async (signal) => {
      const { child, pid, dataDir } = await startChild();
      expect(alive(pid)).toBe(true);
      child.kill(signal);
      expect(await exitOf(child)).toBe(signal); // the default action still happens
      await eventually(() => expect(alive(pid)).toBe(false));
      expect(existsSync(dataDir)).toBe(false);
    },
  );

  it('SIGKILL: the kernel stops the broker (parent-death signal)', async () => {
    const { child, pid, dataDir } = await startChild();
    try {
      child.kill('SIGKILL');
      await exitOf(child);
      await eventually(() => expect(alive(pid)).toBe(false), { timeoutMs: 10_000 });
    } finally {
      rmSync(dataDir, { recursive: true, force: true }); // nobody was left to remove it
    }
  });
});
