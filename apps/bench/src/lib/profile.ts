import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One function of a CPU profile, with its self time as a share of the busy (non-idle) samples. */
export interface HotSpot {
  readonly fn: string;
  /** Where: a repository path or `node_modules/<package>/…`, or `(native)` for V8 and Node internals. */
  readonly where: string;
  readonly selfPct: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/**
 * The functions with the most self time in the `.cpuprofile` files of a folder (written by `node --cpu-prof`),
 * summed over the files: V8's sample counts per call-frame, grouped by function name and file.
 */
export function hotSpots(dir: string, root: string, top = 15): HotSpot[] {
  const totals = new Map<string, { fn: string; where: string; hits: number }>();
  let all = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[] };
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      // Idle samples are time the process did not use: shares are of the busy time.
      if (hits === 0 || node.callFrame.functionName === '(idle)') continue;
      all += hits;
      const { functionName, url } = node.callFrame;
      const path = url.startsWith('file://')
        ? relative(root, url.slice('file://'.length))
        : url || '(native)';
      const where = path.replace(/^.*node_modules\//, 'node_modules/');
      const fn = functionName || '(anonymous)';
      const key = `${fn}@${where}`;
      const entry = totals.get(key) ?? { fn, where, hits: 0 };
      entry.hits += hits;
      totals.set(key, entry);
    }
  }
  return [...totals.values()]
    .sort((a, b) => b.hits - a.hits)
    .slice(0, top)
    .map((e) => ({ fn: e.fn, where: e.where, selfPct: Math.round((e.hits / Math.max(1, all)) * 1000) / 10 }));
}
