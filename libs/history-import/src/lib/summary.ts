import type { Rejection } from '@langxanh/contracts';
import type { SkipReason } from './import-item';

/** What an import did, for its closing summary (also the `--json` summary). */
export interface ImportSummary {
  readonly files: number;
  /** Data rows (CSV) or lines (TT 10) read. */
  readonly rowsRead: number;
  /** Rows or lines that gave no reading, by reason. */
  readonly skipped: Readonly<Partial<Record<SkipReason, number>>>;
  /** Mapped cells left empty or holding a "missing" marker, per parameter. */
  readonly missingValues: Readonly<Record<string, number>>;
  /** Readings sent (or, with `--dry-run`, validated). */
  readonly readings: number;
  /** Readings stored (or that would be), at least one value each. */
  readonly stored: number;
  /**
   * Whole readings refused, by their first reason (`unknown_station`, `time_out_of_bounds`, or the value rule that
   * dropped the last value, e.g. `out_of_range`).
   */
  readonly refused: Readonly<Record<string, number>>;
  /** Single values dropped from stored readings, by reason (`out_of_range`, `unit_mismatch`…). */
  readonly droppedValues: Readonly<Record<string, number>>;
  /** Station → readings stored. */
  readonly stations: Readonly<Record<string, number>>;
  /** First and last stored reading time (ISO, Vietnam offset), when any was stored. */
  readonly first?: string;
  readonly last?: string;
}

const bump = (counts: Record<string, number>, key: string, by = 1): void => {
  counts[key] = (counts[key] ?? 0) + by;
};

/** Accumulates an {@link ImportSummary}. */
export class SummaryBuilder {
  private files = 0;
  private rowsRead = 0;
  private readings = 0;
  private stored = 0;
  private readonly skipped: Partial<Record<SkipReason, number>> = {};
  private readonly missingValues: Record<string, number> = {};
  private readonly refused: Record<string, number> = {};
  private readonly droppedValues: Record<string, number> = {};
  private readonly stations: Record<string, number> = {};
  private first?: { time: number; iso: string };
  private last?: { time: number; iso: string };

  file(): void {
    this.files++;
  }

  row(): void {
    this.rowsRead++;
  }

  skip(reason: SkipReason, missing: readonly string[] = []): void {
    bump(this.skipped, reason);
    this.missing(missing);
  }

  missing(parameters: readonly string[]): void {
    for (const p of parameters) bump(this.missingValues, p);
  }

  /**
   * One reading's outcome: stored (`stored` true, with its station and time) or refused; its rejections are
   * counted as dropped values (those naming a parameter of a stored reading) or as refusals of the whole reading.
   */
  outcome(
    stored: { station: string; time: number; iso: string } | undefined,
    rejections: readonly Pick<Rejection, 'reason' | 'parameter'>[],
  ): void {
    this.readings++;
    if (stored) {
      this.stored++;
      bump(this.stations, stored.station);
      if (!this.first || stored.time < this.first.time) this.first = stored;
      if (!this.last || stored.time > this.last.time) this.last = stored;
      for (const r of rejections) bump(this.droppedValues, r.reason);
    } else {
      // The first reason says why: `out_of_range` rather than the `no_valid_values` that follows the dropped values.
      bump(this.refused, rejections[0]?.reason ?? 'unknown');
    }
  }

  /** The answer of one uploaded batch of `station` (the server's counts). */
  batch(result: {
    station: string;
    received: number;
    stored: number;
    refused: Readonly<Record<string, number>>;
    droppedValues: Readonly<Record<string, number>>;
  }): void {
    this.readings += result.received;
    this.stored += result.stored;
    if (result.stored > 0) bump(this.stations, result.station, result.stored);
    for (const [reason, n] of Object.entries(result.refused)) bump(this.refused, reason, n);
    for (const [reason, n] of Object.entries(result.droppedValues)) bump(this.droppedValues, reason, n);
  }

  build(): ImportSummary {
    return {
      files: this.files,
      rowsRead: this.rowsRead,
      skipped: { ...this.skipped },
      missingValues: { ...this.missingValues },
      readings: this.readings,
      stored: this.stored,
      refused: { ...this.refused },
      droppedValues: { ...this.droppedValues },
      stations: { ...this.stations },
      ...(this.first ? { first: this.first.iso } : {}),
      ...(this.last ? { last: this.last.iso } : {}),
    };
  }
}

const list = (counts: Readonly<Record<string, number | undefined>>): string =>
  Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';

/** The summary as lines for a person (`verb`: "stored" or "would store"). */
export function summaryLines(summary: ImportSummary, verb: string): string[] {
  return [
    `${summary.files} file(s), ${summary.rowsRead} row(s) read; skipped: ${list(summary.skipped)}`,
    `missing values: ${list(summary.missingValues)}`,
    `${summary.readings} reading(s): ${verb} ${summary.stored}, refused ${summary.readings - summary.stored} (${list(summary.refused)})`,
    `values dropped from stored readings: ${list(summary.droppedValues)}`,
    `stations: ${list(summary.stations)}${summary.first ? `; from ${summary.first} to ${summary.last}` : ''}`,
  ];
}
