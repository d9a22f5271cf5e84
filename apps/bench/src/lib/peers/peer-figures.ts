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

/** Median of a sample that may hold ∞ (the mean of the two middle values for an even count). */
const medianOf = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * " — <peer> passed no rung in k of n runs (no ratio there)" when its sustained rate was 0 in a run where it ran:
 * the ingester ÷ peer of that run has nothing to divide by.
 */
const noRung = (short: string, ran: readonly ({ sustainedRate: number } | undefined)[]) => {
  const zero = ran.filter((r) => r?.sustainedRate === 0).length;
  return zero === 0 ? '' : ` — ${short} passed no rung in ${zero} of ${ran.length} runs (no ratio there)`;
};

/**
 * The peers' rows of the summary table (issue 19 item 5): each peer's sustained lossless rate and CPU per reading
 * at the profile's CPU rate (with its ratio to the floor), and the ingester ÷ each peer on the same run — sustained
 * rate (target for Node-RED batched: ≥ 1, "ingester ≥ Node-RED batched on the same run at QoS 1", issue 19 "What must
 * be shown") and CPU per reading. Ratios are per run, then the median over the runs. The target is met when the
 * median over the runs where the peer ran of ingester ÷ peer is ≥ 1, a peer that passed no rung counting as ∞
 * there (the ingester is ahead, though the table shows no ratio for that run). A peer that did not run has no value and no verdict, and says why in its
 * label.
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
    // Per run where the peer ran: ingester ÷ peer, a peer at 0 as ∞ (or 1 when the ingester is at 0 too).
    const compared = runs.flatMap((r, i) => {
      const other = ran[i]?.sustainedRate;
      if (other === undefined) return [];
      return [other > 0 ? r.ingester.sustainedRate / other : r.ingester.sustainedRate > 0 ? Infinity : 1];
    });
    const zeroes = noRung(short, ran);
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
        label: `ingester ÷ ${short}, sustained rate (same run, QoS 1)${why}${zeroes}`,
        unit: '×',
        value: sustainedRatio,
        ...(isTarget
          ? {
              target: '≥ 1',
              ...(compared.length === 0 ? {} : { met: medianOf(compared) >= 1 }),
            }
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
