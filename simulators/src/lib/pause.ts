/**
 * Pauses: a station stops publishing for a span of the run, then resumes, so that the stored series has a real
 * gap (e.g. a datalogger that lost power). The MQTT session stays up: the station is silent, not offline by its
 * last will; the ingester marks it offline by its own deadman rule (3 × expected interval).
 */
export interface PauseWindow {
  readonly station: string;
  /** Seconds after the start of the run when the pause begins. */
  readonly fromS: number;
  /** Length of the pause, seconds. */
  readonly durationS: number;
}

const PAUSE_PATTERN = /^([a-z0-9-]{1,64})@(\d+(?:\.\d+)?)\+(\d+(?:\.\d+)?)$/;

/**
 * Parses `station@fromS+durationS` (`pk-air-01@30+60`: from 30 s after the start, for 60 s).
 * @throws RangeError on any other shape or a zero duration.
 */
export function parsePause(text: string): PauseWindow {
  const match = PAUSE_PATTERN.exec(text.trim());
  if (!match) throw new RangeError(`expected station@fromSeconds+durationSeconds (e.g. pk-air-01@30+60), got "${text}"`);
  const fromS = Number(match[2]);
  const durationS = Number(match[3]);
  if (!(durationS > 0)) throw new RangeError(`pause duration must be > 0 s, got "${text}"`);
  return { station: match[1], fromS, durationS };
}

/** Whether a reading of `station` due at `dueMs` (epoch ms) falls in one of its pauses of a run started at `realStart`. */
export function isPaused(pauses: readonly PauseWindow[], station: string, realStart: number, dueMs: number): boolean {
  const offsetMs = dueMs - realStart;
  return pauses.some(
    (p) => p.station === station && offsetMs >= p.fromS * 1000 && offsetMs < (p.fromS + p.durationS) * 1000,
  );
}
