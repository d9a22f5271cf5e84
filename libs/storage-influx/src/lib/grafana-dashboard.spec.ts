import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATION_KINDS } from '@langxanh/contracts';
import { ALERT_MEASUREMENT } from './points';
import { GRAFANA_DIR, dashboardQueries, exampleDashboard, schemaProblems, writtenSchema } from '../test/grafana';

/**
 * The example Grafana dashboard (deploy/grafana, docs/grafana.md) names only measurements, tags and fields that
 * points.ts writes. Grafana itself does not run here (no package on this machine); grafana-dashboard.int-spec.ts
 * runs the same statements on a real InfluxDB 1.6.7.
 */
describe('example Grafana dashboard', () => {
  const schema = writtenSchema();
  const queries = dashboardQueries(exampleDashboard());

  it('reads the schema points.ts writes: one measurement per station kind and "alert"', () => {
    expect([...schema.keys()].sort()).toEqual([...STATION_KINDS, ALERT_MEASUREMENT].sort());
    expect(schema.get('air')?.fields.has('PM2.5')).toBe(true);
    expect(schema.get('air')?.fields.has('PM2.5_status')).toBe(true);
    expect([...(schema.get(ALERT_MEASUREMENT)?.tags ?? [])].sort()).toEqual(['cluster', 'parameter', 'rule', 'station']);
  });

  it('has queries, each naming only written measurements, tags and fields', () => {
    expect(queries.length).toBeGreaterThanOrEqual(8);
    for (const { where, query } of queries) expect({ where, problems: schemaProblems(query, schema) }).toEqual({ where, problems: [] });
  });

  it('finds a misspelt field or measurement (the check can fail)', () => {
    expect(schemaProblems('SELECT mean("PM25") FROM "air" WHERE $timeFilter', schema)).toEqual(['"PM25" is no tag or field of air']);
    expect(schemaProblems('SELECT count("state") FROM "alerts"', schema)).toContain('measurement "alerts" is not written');
    expect(schemaProblems('SELECT mean("COD") FROM "air"', schema)).toEqual(['"COD" is no tag or field of air']);
  });

  it('uses the data source the provisioning file declares', () => {
    const yaml = readFileSync(join(GRAFANA_DIR, 'provisioning/datasources/langxanh-influxdb.yaml'), 'utf8');
    const uid = /^\s+uid:\s*(\S+)\s*$/m.exec(yaml)?.[1];
    expect(uid).toBe('langxanh-influxdb');
    for (const q of queries) expect({ where: q.where, uid: q.uid }).toEqual({ where: q.where, uid });
  });
});
