/**
 * The peers of one benchmark run (issue 19 item 5): what a user would pick instead of LàngXanh, measured against the
 * same broker, database server and load as the ingester and the floor, counted the same way (the caller's
 * `measure`: warm-up, ladder, CPU per reading at the CPU rate, peak RSS). A peer that cannot run (no registry,
 * install failed, did not start, failed mid-way) is reported as not run with the reason — never a figure, and never
 * the end of the whole benchmark.
 */
import type { PipeResult } from '../benchmark';
import type { BenchServices, PipeProcess } from '../rig';
import { ensureNodeRed, NODE_RED_PACKAGES, type NodeRedInstall } from './node-red';
import { startNodeRed } from './node-red';
import type { NodeRedVariant } from './node-red-flows';

/** A peer of the benchmark. */
export interface Peer {
  /** Names it in the run's JSON and the report. */
  readonly key: PeerKey;
  readonly variant: NodeRedVariant;
  readonly label: string;
  /**
   * Rungs below the profile's lowest rate that this peer also climbs (readings/s; only those below it are used).
   * The per-message flow sends one write request per reading: on this 2-core machine (2026-12-07, shared and
   * loaded) it already missed the landing limit at 1 000/s, far below the full profile's lowest rung (5 000/s),
   * where its sustained rate would read 0 and every ratio to it would mean nothing.
   */
  readonly lowRates: readonly number[];
}

/** The peers, in the order they run. */
export const PEERS: readonly Peer[] = [
  {
    key: 'nodeRedBatched',
    variant: 'batched',
    label: `Node-RED ${NODE_RED_PACKAGES['node-red']} batched (mqtt in → json → function → influxdb batch)`,
    lowRates: [],
  },
  {
    key: 'nodeRedPerMessage',
    variant: 'per-message',
    label: `Node-RED ${NODE_RED_PACKAGES['node-red']} per message (mqtt in → json → function → influxdb out)`,
    lowRates: [500, 1_000, 2_000],
  },
];

/** The ladder of a peer: its low rungs below the profile's lowest rate, then the profile's rates. */
export const peerRates = (peer: Peer, rates: readonly number[]): number[] => [
  ...peer.lowRates.filter((rate) => rate < rates[0]),
  ...rates,
];

export type PeerKey = 'nodeRedBatched' | 'nodeRedPerMessage';

/** One peer's outcome: its figures (as the floor's), or why it did not run. */
export type PeerResult =
  (PipeResult & { readonly ran: true }) | { readonly ran: false; readonly reason: string };

/** The peers of one run, with what they ran on. */
export interface PeersResult {
  readonly nodeRedBatched: PeerResult;
  readonly nodeRedPerMessage: PeerResult;
  /** Packages and Node.js of the peers; `installMs` when this run installed them. Absent when the install failed. */
  readonly runtime?: {
    readonly packages: Readonly<Record<string, string>>;
    readonly node: string;
    readonly installMs?: number;
  };
}

export interface PeersOptions {
  readonly root: string;
  readonly services: BenchServices;
  readonly log: (line: string) => void;
  /** The profile's ladder's coarse rungs (readings/s, ascending): the search climbs them, then bisects. */
  readonly rates: readonly number[];
  /**
   * Measures a started pipe exactly as the floor and the ingester are measured (benchmark.ts `measurePipe`), with
   * `rates` as the ladder (the profile's, with the peer's low rungs before it).
   */
  readonly measure: (pipe: PipeProcess, rates: readonly number[]) => Promise<PipeResult>;
}

const reasonOf = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 300);

/** Installs (first use) and measures each peer in turn, each alone on the machine with its own database. */
export async function measurePeers(options: PeersOptions): Promise<PeersResult> {
  const { log } = options;
  let install: NodeRedInstall;
  try {
    install = await ensureNodeRed(options.root, log);
  } catch (error) {
    const reason = `Node-RED not installed: ${reasonOf(error)}`;
    log(`  peers not run: ${reason}`);
    return { nodeRedBatched: { ran: false, reason }, nodeRedPerMessage: { ran: false, reason } };
  }
  const results: Partial<Record<PeerKey, PeerResult>> = {};
  for (const peer of PEERS) {
    log(`${peer.label}, on Node.js ${install.nodeVersion}`);
    let pipe: PipeProcess | undefined;
    try {
      pipe = await startNodeRed({
        root: options.root,
        services: options.services,
        install,
        variant: peer.variant,
        database: `bench_${peer.key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`,
      });
      results[peer.key] = { ...(await options.measure(pipe, peerRates(peer, options.rates))), ran: true };
    } catch (error) {
      const reason = reasonOf(error);
      log(`  ${peer.label} not run: ${reason}`);
      results[peer.key] = { ran: false, reason };
    } finally {
      await pipe
        ?.stop()
        .catch((error: unknown) => log(`  stopping ${pipe?.name} failed: ${reasonOf(error)}`));
    }
  }
  return {
    nodeRedBatched: results.nodeRedBatched ?? { ran: false, reason: 'not reached' },
    nodeRedPerMessage: results.nodeRedPerMessage ?? { ran: false, reason: 'not reached' },
    runtime: {
      packages: { ...NODE_RED_PACKAGES },
      node: install.nodeVersion,
      ...(install.installMs === undefined ? {} : { installMs: install.installMs }),
    },
  };
}
