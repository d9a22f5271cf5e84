import type { StatusCode } from '../reading';
import type { AveragingPeriod, LimitSource, ThresholdRule } from '../rules';
import type { StationKind } from '../station-kind';

/** The worst value of a compliance row and the span it covers (a sample: `from` = `to`). */
export interface ComplianceWorstDto {
  readonly value: number;
  /** ISO 8601 UTC. */
  readonly from: string;
  readonly to: string;
}

/**
 * One limit of a compliance report. Counted per the limit's averaging period: `instant` limits per sample; `1h`
 * per clock-hour mean; `8h` per 8-h mean ending at each whole hour (≥ 6 of 8 hourly means); `24h` per Vietnam
 * calendar-day mean (≥ 18 of 24 hourly means, days wholly inside the range). An hourly mean is the mean of the
 * hour's samples with status `00`; samples with status `01` (calibrating) or `02` (error) are excluded everywhere.
 */
export interface ComplianceRowDto {
  readonly parameter: string;
  readonly unit: string;
  readonly ruleId: string;
  readonly comparison: ThresholdRule['comparison'];
  readonly min?: number;
  readonly max?: number;
  readonly averagingPeriod: AveragingPeriod;
  readonly source: LimitSource;
  /** Part of the report range this limit was in force (ISO 8601 UTC; a limit may change on an effective date). */
  readonly from: string;
  readonly to: string;
  /** `samples` for instant limits, else the averaging period whose means are counted. */
  readonly basis: 'samples' | '1h' | '8h' | '24h';
  /** Samples (station's expected interval) or means the span should have. */
  readonly expected: number;
  /** Samples with status `00`, or valid means. */
  readonly measured: number;
  /** measured / expected × 100, one decimal, at most 100; null when nothing was expected. */
  readonly completenessPct: number | null;
  /** Samples of the parameter with status `01` or `02` in the span, left out. */
  readonly excludedSamples: number;
  /** Samples or means that break the limit (same comparison as the alert rules). */
  readonly exceedances: number;
  /** exceedances / measured × 100, one decimal; null when nothing was measured. */
  readonly exceedanceSharePct: number | null;
  /** The value furthest beyond (or closest to) the limit, or null when nothing was measured. */
  readonly worst: ComplianceWorstDto | null;
}

/**
 * `GET /api/stations/{id}/compliance?from=&to=` (JSON) and `&format=csv` (RFC 4180, UTF-8 with a byte-order mark
 * for spreadsheet programs, CRLF lines, times in Vietnam time with `+07:00`; same columns as the row fields).
 * `from`/`to`: an ISO 8601 time (without an offset: Vietnam time), a Vietnam calendar day `YYYY-MM-DD` or a month
 * `YYYY-MM`; a day or month as `from` means its start, as `to` its end (so `from=2026-11&to=2026-11` is
 * November and `from=2026-11-28&to=2026-11-28` that day). Limits from the station's standard in force on each day.
 */
export interface ComplianceReportDto {
  readonly station: string;
  readonly cluster: string;
  readonly kind: StationKind;
  /** ISO 8601 UTC, [from, to): the period asked for. */
  readonly from: string;
  readonly to: string;
  /**
   * ISO 8601 UTC: the end of what was counted, the earlier of `to` and the time of the report. Compliance counts
   * elapsed time only (expected samples and means up to here; rows' `to` never later).
   */
  readonly until: string;
  /** Datalogger statuses left out (TT 10/2021/TT-BTNMT: `01` calibrating, `02` device error). */
  readonly excludedStatuses: readonly StatusCode[];
  readonly rows: readonly ComplianceRowDto[];
}
