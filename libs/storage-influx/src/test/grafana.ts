import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PARAMETER_CATALOGUE, STATION_KINDS, type Reading, type StatusCode } from '@langxanh/contracts';
import { ALERT_MEASUREMENT, alertToLine, readingToLine } from '../lib/points';
import { sampleAlert } from './samples';

/** deploy/grafana, from this file. */
export const GRAFANA_DIR = join(__dirname, '../../../../deploy/grafana');

interface GrafanaTarget {
  readonly query?: string;
  readonly datasource?: { readonly uid?: string };
}
interface GrafanaDashboard {
  readonly panels: readonly { readonly title: string; readonly targets?: readonly GrafanaTarget[]; readonly datasource?: { readonly uid?: string } }[];
  readonly templating: { readonly list: readonly { readonly name: string; readonly query: string; readonly datasource?: { readonly uid?: string } }[] };
}

/** The example dashboard (deploy/grafana/dashboards/langxanh-overview.json). */
export function exampleDashboard(): GrafanaDashboard {
  return JSON.parse(readFileSync(join(GRAFANA_DIR, 'dashboards/langxanh-overview.json'), 'utf8')) as GrafanaDashboard;
}

/** Every InfluxQL statement of the dashboard with where it is: panel queries and template-variable queries. */
export function dashboardQueries(dashboard: GrafanaDashboard): { where: string; query: string; uid?: string }[] {
  return [
    ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel "${p.title}"`, query: t.query ?? '', uid: t.datasource?.uid }))),
    ...dashboard.templating.list.map((v) => ({ where: `variable $${v.name}`, query: v.query, uid: v.datasource?.uid })),
  ];
}

/** Measurement → its tag keys and field keys, as points.ts writes them (read from lines it builds). */
export function writtenSchema(): Map<string, { tags: Set<string>; fields: Set<string> }> {
  const lines: string[] = [];
  for (const kind of STATION_KINDS) {
    const values = Object.fromEntries(PARAMETER_CATALOGUE[kind].map((p) => [p.key, p.range[0] + 1]));
    const status = Object.fromEntries(PARAMETER_CATALOGUE[kind].map((p) => [p.key, '01' as StatusCode]));
    const quality = Object.fromEntries(PARAMETER_CATALOGUE[kind].map((p) => [p.key, 'over_range' as const]));
    const reading: Reading = { cluster: 'c', kind, station: 's', time: 1, values, status, quality };
    const line = readingToLine(reading).line;
    if (line) lines.push(line);
  }
  lines.push(alertToLine(sampleAlert, 1));
  const schema = new Map<string, { tags: Set<string>; fields: Set<string> }>();
  for (const line of lines) {
    // measurement,tag=v,tag=v field=v,field="…" time — no escaped spaces or commas in these keys and tag values.
    const [series, rest] = [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)];
    const [measurement, ...tags] = series.split(',');
    const fields = [...rest.matchAll(/(?:^|,)([^=,"]+)=(?:"(?:[^"\\]|\\.)*"|[^,\s]+)/g)].map((m) => m[1]);
    const entry = schema.get(measurement) ?? { tags: new Set<string>(), fields: new Set<string>() };
    tags.forEach((t) => entry.tags.add(t.split('=')[0]));
    fields.forEach((f) => entry.fields.add(f));
    schema.set(measurement, entry);
  }
  return schema;
}

/**
 * What is wrong with one InfluxQL statement against `schema`: measurements after FROM that points.ts does not write,
 * and double-quoted identifiers that are neither one of those measurements, nor their tags or fields, nor an `AS`
 * alias. Empty when it only names what exists.
 */
export function schemaProblems(query: string, schema: ReturnType<typeof writtenSchema>): string[] {
  const from = /\bFROM\s+((?:"[^"]+"\s*,\s*)*"[^"]+")/i.exec(query);
  if (!from) return ['no FROM "measurement"'];
  const measurements = [...from[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  const problems = measurements.filter((m) => !schema.has(m)).map((m) => `measurement "${m}" is not written`);
  const known = new Set<string>(measurements);
  for (const m of measurements) {
    schema.get(m)?.tags.forEach((t) => known.add(t));
    schema.get(m)?.fields.forEach((f) => known.add(f));
  }
  const aliases = new Set([...query.matchAll(/\bAS\s+"([^"]+)"/gi)].map((m) => m[1]));
  for (const [, name] of query.matchAll(/"([^"]+)"/g)) {
    if (!known.has(name) && !aliases.has(name)) problems.push(`"${name}" is no tag or field of ${measurements.join(', ')}`);
  }
  return problems;
}

export { ALERT_MEASUREMENT };
