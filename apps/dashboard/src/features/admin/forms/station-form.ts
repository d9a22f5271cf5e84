/**
 * The station form's state (every input as the text typed) and its conversion to the body of
 * `POST /api/registry/stations` / `PUT /api/registry/stations/{id}` — validated afterwards with the API's own schemas
 * (contracts `createStationBodySchema`, `updateStationBodySchema`), so a number typed wrong is reported there.
 */
import type { Station } from '@langxanh/contracts';

export type StationKindChoice = Station['kind'];

export interface PermitLimitRow {
  parameter: string;
  averagingPeriod: string;
  min: string;
  max: string;
}

export interface AlertRow {
  parameter: string;
  warningFraction: string;
  pendingS: string;
  consecutive: string;
  deadband: string;
}

export interface StationFormState {
  cluster: string;
  id: string;
  name: string;
  kind: StationKindChoice;
  lat: string;
  lon: string;
  expectedIntervalS: string;
  column: string;
  kq: string;
  kf: string;
  capacityL: string;
  fullThresholdPct: string;
  wasteCategory: string;
  tt10: string;
  permitNumber: string;
  permitIssuedBy: string;
  permitFrom: string;
  permitTo: string;
  limits: PermitLimitRow[];
  alerting: AlertRow[];
}

export const emptyLimit = (): PermitLimitRow => ({
  parameter: '',
  averagingPeriod: 'instant',
  min: '',
  max: '',
});
export const emptyAlertRow = (): AlertRow => ({
  parameter: '',
  warningFraction: '',
  pendingS: '',
  consecutive: '',
  deadband: '',
});

export const emptyStation = (cluster = ''): StationFormState => ({
  cluster,
  id: '',
  name: '',
  kind: 'wastewater',
  lat: '',
  lon: '',
  expectedIntervalS: '60',
  column: 'B',
  kq: '1',
  kf: '1',
  capacityL: '',
  fullThresholdPct: '80',
  wasteCategory: 'industrial',
  tt10: '',
  permitNumber: '',
  permitIssuedBy: '',
  permitFrom: '',
  permitTo: '',
  limits: [],
  alerting: [],
});

const str = (n: number | undefined): string => (n === undefined ? '' : String(n));

/** The form filled from a registry station. */
export function stationToForm(station: Station, cluster: string): StationFormState {
  const base = { ...emptyStation(cluster), id: station.id, name: station.name, kind: station.kind };
  const s: StationFormState = {
    ...base,
    lat: str(station.location.lat),
    lon: str(station.location.lon),
    expectedIntervalS: str(station.expectedIntervalS),
    tt10: station.tt10 ?? '',
    permitNumber: station.permit?.number ?? '',
    permitIssuedBy: station.permit?.issuedBy ?? '',
    permitFrom: station.permit?.effectiveFrom ?? '',
    permitTo: station.permit?.effectiveTo ?? '',
    limits: (station.permit?.limits ?? []).map((l) => ({
      parameter: l.parameter,
      averagingPeriod: l.averagingPeriod,
      min: str(l.min),
      max: str(l.max),
    })),
    alerting: Object.entries(station.alerting ?? {}).map(([parameter, a]) => ({
      parameter,
      warningFraction: str(a.warningFraction),
      pendingS: str(a.pendingS),
      consecutive: str(a.consecutive),
      deadband: str(a.deadband),
    })),
  };
  if (station.kind === 'wastewater')
    Object.assign(s, {
      column: station.standard.column,
      kq: str(station.standard.kq),
      kf: str(station.standard.kf),
    });
  if (station.kind === 'waste') {
    Object.assign(s, {
      capacityL: str(station.standard.capacityL),
      fullThresholdPct: str(station.standard.fullThresholdPct),
      wasteCategory: station.standard.wasteCategory,
    });
  }
  return s;
}

/** A typed number: empty → absent; not a number → the text itself (the schema then says "not a valid value"). */
const num = (text: string): number | string | undefined => {
  const t = text.trim().replace(',', '.');
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : text;
};

/** Drops absent members, so that an optional field left empty is absent, not `undefined` in a strict object. */
function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

/** The request body the form describes (not yet validated). */
export function formToBody(f: StationFormState): Record<string, unknown> {
  const standard =
    f.kind === 'wastewater'
      ? compact({ qcvn: 'QCVN 40:2011/BTNMT', column: f.column, kq: num(f.kq), kf: num(f.kf) })
      : f.kind === 'air'
        ? { qcvn: 'QCVN 05:2023/BTNMT' }
        : compact({
            capacityL: num(f.capacityL),
            fullThresholdPct: num(f.fullThresholdPct),
            wasteCategory: f.wasteCategory,
          });
  const hasPermit = f.permitNumber.trim() !== '' || f.permitFrom !== '' || f.limits.length > 0;
  const alerting = Object.fromEntries(
    f.alerting.map((a) => [
      a.parameter.trim(),
      compact({
        warningFraction: num(a.warningFraction),
        pendingS: num(a.pendingS),
        consecutive: num(a.consecutive),
        deadband: num(a.deadband),
      }),
    ]),
  );
  return compact({
    cluster: f.cluster || undefined,
    id: f.id.trim(),
    name: f.name.trim(),
    kind: f.kind,
    location: { lat: num(f.lat), lon: num(f.lon) },
    expectedIntervalS: num(f.expectedIntervalS),
    standard,
    tt10: f.tt10.trim() || undefined,
    permit: hasPermit
      ? compact({
          number: f.permitNumber.trim(),
          issuedBy: f.permitIssuedBy.trim() || undefined,
          effectiveFrom: f.permitFrom,
          effectiveTo: f.permitTo || undefined,
          limits: f.limits.map((l) =>
            compact({
              parameter: l.parameter.trim(),
              averagingPeriod: l.averagingPeriod,
              min: num(l.min),
              max: num(l.max),
            }),
          ),
        })
      : undefined,
    alerting: f.alerting.length > 0 ? alerting : undefined,
  });
}
