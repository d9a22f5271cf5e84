import type { BenchProfile, RunResult } from '../benchmark';
import type { Figure } from '../report';
import { spread, type Spread } from '../stats';
import { PEERS, type PeerResult } from './peers';

/** a ÷ b of one run, rounded to 0.01; undefined when either is missing or b is 0 (nothing to divide by). */
const perRun = (a: number | null | undefined, b: number | null | undefined) =>
  typeof a === 'number' && typeof b === 'number' && b > 0 ? Math.round((a / b) * 100) / 100 : undefined;
/** Median of a ÷ median of b (the table's "× floor" column). */
const ratio = (a?: Spread, b?: Spread) => perRun(a?.median, b?.median);

/** " — not run (reason)" when the peer ran in none of the runs, with the first run's reason. */
const notRun = (results: readonly (PeerResult | undefined)[]) => {
  if (results.some((r) => r?.ran)) return '';
  const first = results.find((r): r is PeerResult & { ran: false } => r?.ran === false);
  return ` — not run (${first?.reason ?? 'no peer result in this run'})`;
};

/**
 * The peers' rows of the summary table (issue 19 item 5): each peer's sustained lossless rate and CPU per reading
 * at the profile's CPU rate (with its ratio to the floor), and the ingester ÷ each peer on the same run — sustained
 * rate (target for Node-RED batched: ≥ 1, "ingester ≥ Node-RED batched on the same run at QoS 1", issue 19 "What must
 * be shown") and CPU per reading. Ratios are per run, then the median over the runs. A peer that did not run has
 * no value and says why in its label.
 */
export function peerFigures(runs: readonly RunResult[], profile: BenchProfile): Figure[] {
  const floorSustained = spread(runs.map((r) => r.floor.sustainedRate));
  const floorCpu = spread(runs.map((r) => r.floor.cpuUsPerReading));
  const out: Figure[] = [];
  for (const peer of PEERS) {
    const results = runs.map((r) => r.peers?.[peer.key]);
    const ran = results.map((r) => (r?.ran ? r : undefined));
    const why = notRun(results);
    const sustained = spread(ran.map((r) => r?.sustainedRate));
    const cpu = spread(ran.map((r) => r?.cpuUsPerReading));
    const short = peer.label.replace(/ \(.*\)$/, '');
    const sustainedRatio = spread(
      runs.map((r, i) => perRun(r.ingester.sustainedRate, ran[i]?.sustainedRate)),
    );
    const isTarget = peer.key === 'nodeRedBatched';
    out.push(
      {
        key: `peers.${peer.key}.sustainedRate`,
        label: `${peer.label}, sustained lossless${why}`,
        unit: 'readings/s',
        value: sustained,
        ratioToFloor: ratio(sustained, floorSustained),
      },
      {
        key: `peers.${peer.key}.cpuUsPerReading`,
        label: `${short} CPU per reading at ${profile.cpuRate}/s${why}`,
        unit: 'µs',
        value: cpu,
        ratioToFloor: ratio(cpu, floorCpu),
      },
      {
        key: `peers.${peer.key}.ingesterSustainedRatio`,
        label: `ingester ÷ ${short}, sustained rate (same run, QoS 1)${why}`,
        unit: '×',
        value: sustainedRatio,
        ...(isTarget
          ? { target: '≥ 1', ...(sustainedRatio === undefined ? {} : { met: sustainedRatio.median >= 1 }) }
          : {}),
      },
      {
        key: `peers.${peer.key}.ingesterCpuRatio`,
        label: `ingester ÷ ${short}, CPU per reading at ${profile.cpuRate}/s${why}`,
        unit: '×',
        value: spread(runs.map((r, i) => perRun(r.ingester.cpuUsPerReading, ran[i]?.cpuUsPerReading))),
      },
    );
  }
  return out;
}
