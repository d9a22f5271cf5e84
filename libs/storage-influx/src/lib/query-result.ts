import { InfluxQueryError, InfluxStorageError } from './errors';

/**
 * One series of an InfluxQL result: rows are objects keyed by column (`time` is epoch ms when the query asked for
 * `epoch=ms`, which {@link InfluxStorage.query} always does).
 */
export interface InfluxSeries<T = Record<string, unknown>> {
  /** Measurement name. */
  readonly name: string;
  /** GROUP BY tag values (empty when the query has no GROUP BY tag). */
  readonly tags: Readonly<Record<string, string>>;
  readonly rows: T[];
  /** Index of the statement (0-based) this series answers, for requests with several `;`-separated statements. */
  readonly statementId: number;
}

interface RawSeries {
  name?: unknown;
  tags?: unknown;
  columns?: unknown;
  values?: unknown;
}

interface RawResult {
  statement_id?: unknown;
  series?: unknown;
  error?: unknown;
}

const badResponse = (detail: string) =>
  new InfluxStorageError('BAD_RESPONSE', `unexpected InfluxQL response: ${detail}`, { retriable: false });

/**
 * Parses the JSON body of `/query` (InfluxDB 1.x format, also served by 2.x's compatibility API and 3.x):
 * `{"results":[{"statement_id":0,"series":[{"name","tags","columns","values"}],"error"?}],"error"?}`.
 * @throws InfluxQueryError when the body or any statement carries an `error`; InfluxStorageError `BAD_RESPONSE`
 *   when the shape is not recognised.
 */
export function parseQueryResponse<T = Record<string, unknown>>(
  body: unknown,
  statement: string,
): InfluxSeries<T>[] {
  if (typeof body === 'string') {
    const text = body;
    try {
      body = JSON.parse(text);
    } catch {
      throw badResponse(`not JSON: ${text.slice(0, 200)}`);
    }
  }
  if (!body || typeof body !== 'object') throw badResponse(String(body));
  const top = body as { results?: unknown; error?: unknown };
  if (typeof top.error === 'string') throw new InfluxQueryError(`InfluxQL error: ${top.error}`, statement);
  if (!Array.isArray(top.results)) throw badResponse('no "results" array');
  const out: InfluxSeries<T>[] = [];
  top.results.forEach((raw: RawResult, index) => {
    if (typeof raw.error === 'string') {
      throw new InfluxQueryError(`InfluxQL error in statement ${index}: ${raw.error}`, statement);
    }
    const statementId = typeof raw.statement_id === 'number' ? raw.statement_id : index;
    if (raw.series === undefined) return;
    if (!Array.isArray(raw.series)) throw badResponse('"series" is not an array');
    for (const series of raw.series as RawSeries[]) {
      if (!Array.isArray(series.columns)) throw badResponse('series without "columns"');
      const columns = series.columns.map(String);
      const values = Array.isArray(series.values) ? (series.values as unknown[][]) : [];
      const rows = values.map((value) => {
        const row: Record<string, unknown> = {};
        columns.forEach((column, i) => (row[column] = value[i] ?? null));
        return row as T;
      });
      const tags: Record<string, string> = {};
      if (series.tags && typeof series.tags === 'object') {
        for (const [k, v] of Object.entries(series.tags)) tags[k] = String(v);
      }
      out.push({ name: typeof series.name === 'string' ? series.name : '', tags, rows, statementId });
    }
  });
  return out;
}
