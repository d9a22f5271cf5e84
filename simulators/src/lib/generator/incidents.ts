import { between, uniform } from './random';
import type { IncidentSpec } from './profiles';

/** Incidents are drawn per 6-hour slot of the epoch (UTC-aligned); one slot holds at most one incident. */
export const INCIDENT_SLOT_MS = 6 * 3_600_000;
/** Rise and fall of an incident, minutes. */
export const INCIDENT_RISE_MIN = 10;
export const INCIDENT_FALL_MIN = 20;

/** One incident in time: rises from `start`, holds from `plateauStart` to `plateauEnd`, gone at `end`. */
export interface IncidentWindow {
  readonly spec: IncidentSpec;
  /** Epoch ms. */
  readonly start: number;
  readonly plateauStart: number;
  readonly plateauEnd: number;
  readonly end: number;
  /** Key of the draw, so that the incident's magnitudes are drawn once per incident. */
  readonly key: string;
}

/**
 * The incident of station `stationId` in the slot containing `t`, or `undefined` if that slot has none.
 * `probability` is the chance that a slot has an incident (0…1). A pure function of its arguments.
 */
export function incidentInSlot(
  seed: string,
  stationId: string,
  specs: readonly IncidentSpec[],
  probability: number,
  t: number,
): IncidentWindow | undefined {
  if (specs.length === 0 || probability <= 0) return undefined;
  const slot = Math.floor(t / INCIDENT_SLOT_MS);
  if (uniform(seed, stationId, 'incident', slot) >= probability) return undefined;

  const totalWeight = specs.reduce((sum, s) => sum + s.weight, 0);
  let pick = uniform(seed, stationId, 'incident-kind', slot) * totalWeight;
  let spec = specs[specs.length - 1];
  for (const candidate of specs) {
    pick -= candidate.weight;
    if (pick < 0) {
      spec = candidate;
      break;
    }
  }
  const plateauMs =
    between(spec.plateauMin[0], spec.plateauMin[1], seed, stationId, 'incident-length', slot) * 60_000;
  const riseMs = INCIDENT_RISE_MIN * 60_000;
  const fallMs = INCIDENT_FALL_MIN * 60_000;
  const totalMs = riseMs + plateauMs + fallMs;
  const start =
    slot * INCIDENT_SLOT_MS +
    Math.floor(uniform(seed, stationId, 'incident-start', slot) * (INCIDENT_SLOT_MS - totalMs));
  return {
    spec,
    start,
    plateauStart: start + riseMs,
    plateauEnd: start + riseMs + plateauMs,
    end: start + totalMs,
    key: `${stationId}|${slot}`,
  };
}

/** The incident active at `t` (with its strength) or `undefined`. */
export function activeIncident(
  seed: string,
  stationId: string,
  specs: readonly IncidentSpec[],
  probability: number,
  t: number,
): { readonly window: IncidentWindow; readonly strength: number } | undefined {
  const window = incidentInSlot(seed, stationId, specs, probability, t);
  if (!window || t < window.start || t >= window.end) return undefined;
  return { window, strength: incidentStrength(window, t) };
}

/** 0 outside the incident, rising linearly to 1 on the plateau, falling linearly back to 0. */
export function incidentStrength(w: IncidentWindow, t: number): number {
  if (t < w.start || t >= w.end) return 0;
  if (t < w.plateauStart) return (t - w.start) / (w.plateauStart - w.start);
  if (t <= w.plateauEnd) return 1;
  return (w.end - t) / (w.end - w.plateauEnd);
}

/** Lists the incidents of a station whose window overlaps [from, to) (for logs and tests). */
export function incidentsBetween(
  seed: string,
  stationId: string,
  specs: readonly IncidentSpec[],
  probability: number,
  from: number,
  to: number,
): IncidentWindow[] {
  const found: IncidentWindow[] = [];
  for (let slot = Math.floor(from / INCIDENT_SLOT_MS); slot * INCIDENT_SLOT_MS < to; slot++) {
    const w = incidentInSlot(seed, stationId, specs, probability, slot * INCIDENT_SLOT_MS);
    if (w && w.end > from && w.start < to) found.push(w);
  }
  return found;
}
