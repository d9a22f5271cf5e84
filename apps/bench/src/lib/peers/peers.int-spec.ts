/**
 * The peers when the npm registry cannot be reached: a real `npm install` against a registry address where nothing
 * listens (a closed loopback port) into a fresh root. The bench must report both peers as not run with npm's
 * reason, leave no half-installed folder behind, and never throw.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pickPort } from '@langxanh/stack';
import type { BenchServices } from '../rig';
import { NODE_RED_FOLDER } from './node-red';
import { measurePeers } from './peers';

describe('peers without a registry', () => {
  const saved = { ...process.env };
  let root: string;

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'bench-peers-'));
    // A free loopback port nobody listens on: npm's fetch is refused at once.
    process.env.npm_config_registry = `http://127.0.0.1:${await pickPort(0, 0)}/`;
    process.env.npm_config_cache = join(root, 'npm-cache');
    process.env.npm_config_fetch_retry_mintimeout = '100';
    process.env.npm_config_fetch_retry_maxtimeout = '200';
  });

  afterEach(() => {
    process.env = { ...saved };
    rmSync(root, { recursive: true, force: true });
  });

  it('reports both peers as not run with the reason, measures nothing, leaves no partial install', async () => {
    const lines: string[] = [];
    const measured: string[] = [];
    const result = await measurePeers({
      root,
      // Never reached: the install fails before any peer starts.
      services: {} as BenchServices,
      log: (line) => lines.push(line),
      rates: [500, 1_000],
      measure: async (pipe) => {
        measured.push(pipe.name);
        throw new Error('not expected');
      },
    });
    expect(measured).toEqual([]);
    for (const peer of [result.nodeRedBatched, result.nodeRedPerMessage]) {
      expect(peer.ran).toBe(false);
      if (!peer.ran)
        expect(peer.reason).toMatch(/^Node-RED not installed: npm install of node-red@5\.0\.7 .* failed: /);
    }
    expect(result.runtime).toBeUndefined();
    expect(lines.join('\n')).toContain('peers not run: Node-RED not installed');
    const parent = join(root, dirname(NODE_RED_FOLDER));
    expect(existsSync(join(root, NODE_RED_FOLDER))).toBe(false);
    expect(existsSync(parent) ? readdirSync(parent) : []).toEqual([]);
  }, 120_000);
});
