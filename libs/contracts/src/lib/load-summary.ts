/**
 * The end-of-run figures of the load generator (`simulators load`), printed as one JSON line with `--json`: the
 * contract the benchmark parses. Times are epoch ms (wall clock).
 */
export interface LoadSummary {
  /** First reading number. */
  readonly first: number;
  /** Planned readings: round(rate × duration). */
  readonly count: number;
  /** Readings handed to MQTT (numbers first … first + sent − 1); < count when stopped early. */
  readonly sent: number;
  /** Readings acknowledged: PUBACK at QoS 1; at QoS 0 (no acknowledgement) written out to the socket. */
  readonly acked: number;
  /** Number of stations S. */
  readonly stations: number;
  /** Time of reading 0, epoch ms. */
  readonly t0: number;
  /** `ts` of the last reading sent, epoch ms; null when none was sent. */
  readonly lastTs: number | null;
  /** Asked rate, readings/s. */
  readonly rate: number;
  /** Asked duration, s. */
  readonly durationS: number;
  /** When publishing started (after connecting); null when the broker was never reached. */
  readonly startedAt: number | null;
  /** When the last reading was handed to MQTT; null when publishing never started. */
  readonly publishEndedAt: number | null;
  /** When the last acknowledgement arrived; null when some are missing. */
  readonly ackedAllAt: number | null;
  /** sent ÷ (publishEndedAt − startedAt) in readings/s (the span counted as at least 1 ms), 1 decimal; null if unknown. */
  readonly achievedRate: number | null;
  readonly connections: number;
  readonly qos: 0 | 1;
}

/**
 * The summary of a run that published and had every reading acknowledged — what the generator prints when it exits
 * 0: the times and the achieved rate are known.
 */
export type CompletedLoadSummary = LoadSummary & {
  readonly startedAt: number;
  readonly publishEndedAt: number;
  readonly ackedAllAt: number;
  readonly achievedRate: number;
};

/** Whether a summary is a {@link CompletedLoadSummary} (publishing started and ended, every reading acknowledged). */
export function isCompletedLoad(summary: LoadSummary): summary is CompletedLoadSummary {
  return (
    summary.startedAt !== null &&
    summary.publishEndedAt !== null &&
    summary.ackedAllAt !== null &&
    summary.achievedRate !== null
  );
}
