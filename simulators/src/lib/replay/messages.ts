import { parameterSpec } from '@langxanh/contracts';

/** A message as the replay publishes it on a station's `…/reading` topic (the contract's payload shape). */
export interface ReplayMessage {
  /** ISO 8601 local date-time without offset: read as Vietnam time by the contract. */
  readonly ts: string;
  readonly values: Readonly<Record<string, number>>;
  readonly status: '00';
}

/** Why a CSV row is not published. */
export type SkipReason =
  | 'qc_invalid'
  | 'qc_missing'
  | 'qc_other'
  | 'missing_value'
  | 'not_a_number'
  | 'bad_date'
  | 'inconsistent_date'
  | 'unexpected_unit'
  | 'no_values'
  | 'before_from'
  | 'after_to'
  | 'over_limit';

/** The outcome of mapping one row: a message, or a reason (and detail) for skipping it. */
export type RowOutcome =
  | { readonly ok: true; readonly message: ReplayMessage; readonly notes?: readonly string[] }
  | { readonly ok: false; readonly reason: SkipReason; readonly detail: string };

/** A published value that the ingester will refuse (outside the catalogue's plausible range). */
export interface OutOfRangeValue {
  readonly ts: string;
  readonly parameter: string;
  readonly value: number;
  readonly range: readonly [number, number];
}

/** What a file yields: the messages in file order and the counts behind them. */
export interface ReplayPlan {
  readonly dataset: string;
  readonly file: string;
  readonly messages: ReplayMessage[];
  readonly rowsRead: number;
  /** Rows the source marks valid (`QC Name` = `Valid` for Hà Nội; every row for Beijing). */
  readonly validRows: number;
  readonly skipped: Readonly<Partial<Record<SkipReason, number>>>;
  /** Values published unchanged although outside the catalogue range (the ingester rejects them as `out_of_range`). */
  readonly outOfRange: readonly OutOfRangeValue[];
  /** Individual values left out of otherwise published rows (e.g. `NA`), per parameter. */
  readonly missingValues: Readonly<Record<string, number>>;
  /**
   * Timestamps that occur in more than one published message. All are published, in file order; storage keyed
   * by time (InfluxDB) keeps the last one.
   */
  readonly duplicateTimestamps: readonly string[];
}

/** Values of `message` outside the air catalogue ranges. */
export function outOfRangeValues(message: ReplayMessage): OutOfRangeValue[] {
  const found: OutOfRangeValue[] = [];
  for (const [parameter, value] of Object.entries(message.values)) {
    const spec = parameterSpec('air', parameter);
    if (spec && (value < spec.range[0] || value > spec.range[1])) {
      found.push({ ts: message.ts, parameter, value, range: spec.range });
    }
  }
  return found;
}

/** Options that cut a plan down (applied while reading). */
export interface PlanFilter {
  /** Keep messages with `ts` ≥ this local ISO date-time (string comparison on the same no-offset format). */
  readonly from?: string;
  /** Keep messages with `ts` < this local ISO date-time. */
  readonly to?: string;
  /** Keep at most this many messages (the first ones). */
  readonly limit?: number;
}

/** Accumulates a {@link ReplayPlan} from row outcomes. */
export class PlanBuilder {
  private readonly messages: ReplayMessage[] = [];
  private rowsRead = 0;
  private validRows = 0;
  private readonly skipped: Partial<Record<SkipReason, number>> = {};
  private readonly outOfRange: OutOfRangeValue[] = [];
  private readonly missingValues: Record<string, number> = {};
  private readonly seen = new Set<string>();
  private readonly duplicates = new Set<string>();

  constructor(
    private readonly dataset: string,
    private readonly file: string,
    private readonly filter: PlanFilter = {},
  ) {}

  /** False once `limit` messages are collected (later rows are counted as `over_limit`). */
  get wantsMore(): boolean {
    return this.filter.limit === undefined || this.messages.length < this.filter.limit;
  }

  add(outcome: RowOutcome, valid: boolean, missing: readonly string[] = []): void {
    this.rowsRead++;
    if (valid) this.validRows++;
    if (!outcome.ok) {
      this.skip(outcome.reason);
      return;
    }
    const { message } = outcome;
    if (this.filter.from !== undefined && message.ts < this.filter.from) return this.skip('before_from');
    if (this.filter.to !== undefined && message.ts >= this.filter.to) return this.skip('after_to');
    if (!this.wantsMore) return this.skip('over_limit');
    for (const parameter of missing) this.missingValues[parameter] = (this.missingValues[parameter] ?? 0) + 1;
    this.outOfRange.push(...outOfRangeValues(message));
    if (this.seen.has(message.ts)) this.duplicates.add(message.ts);
    this.seen.add(message.ts);
    this.messages.push(message);
  }

  build(): ReplayPlan {
    return {
      dataset: this.dataset,
      file: this.file,
      messages: this.messages,
      rowsRead: this.rowsRead,
      validRows: this.validRows,
      skipped: { ...this.skipped },
      outOfRange: [...this.outOfRange],
      missingValues: { ...this.missingValues },
      duplicateTimestamps: [...this.duplicates],
    };
  }

  private skip(reason: SkipReason): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
  }
}
