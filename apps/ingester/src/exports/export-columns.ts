import type { AlertDto, ParameterSpec } from '@langxanh/contracts';
import { vietnamTime, type Cell } from './table-sink';

/** Languages of an export's headers and words (the dashboard's). */
export type ExportLang = 'vi' | 'en';

/** Bucket widths an export offers: the raw stored points, or means per bucket (seconds). */
export const EXPORT_BUCKETS = { raw: undefined, '1m': 60, '5m': 300, '15m': 900, '1h': 3_600, '1d': 86_400 } as const;
export type ExportBucket = keyof typeof EXPORT_BUCKETS;

const WORDS = {
  vi: {
    station: 'Mã trạm',
    stationName: 'Tên trạm',
    time: 'Thời gian (giờ Việt Nam)',
    bucketStart: 'Bắt đầu khoảng (giờ Việt Nam)',
    mean: 'TB',
    alertId: 'Mã cảnh báo',
    cluster: 'Cụm',
    type: 'Loại',
    parameter: 'Thông số',
    severity: 'Mức độ',
    state: 'Trạng thái',
    raisedAt: 'Bắt đầu (giờ Việt Nam)',
    resolvedAt: 'Kết thúc (giờ Việt Nam)',
    triggerValue: 'Giá trị kích hoạt',
    peakValue: 'Giá trị lớn nhất',
    unit: 'Đơn vị',
    limit: 'Giới hạn',
    source: 'Căn cứ',
    acknowledgedBy: 'Người xác nhận',
    acknowledgedAt: 'Xác nhận lúc (giờ Việt Nam)',
    escalatedAt: 'Chuyển cấp lúc (giờ Việt Nam)',
    readingsSheet: 'Số liệu quan trắc',
    alertsSheet: 'Lịch sử cảnh báo',
  },
  en: {
    station: 'Station ID',
    stationName: 'Station name',
    time: 'Time (Vietnam time)',
    bucketStart: 'Bucket start (Vietnam time)',
    mean: 'mean',
    alertId: 'Alert ID',
    cluster: 'Cluster',
    type: 'Type',
    parameter: 'Parameter',
    severity: 'Severity',
    state: 'State',
    raisedAt: 'Raised (Vietnam time)',
    resolvedAt: 'Resolved (Vietnam time)',
    triggerValue: 'Trigger value',
    peakValue: 'Peak value',
    unit: 'Unit',
    limit: 'Limit',
    source: 'Source',
    acknowledgedBy: 'Acknowledged by',
    acknowledgedAt: 'Acknowledged (Vietnam time)',
    escalatedAt: 'Escalated (Vietnam time)',
    readingsSheet: 'Readings',
    alertsSheet: 'Alert history',
  },
} as const;

/** The words of alert fields (the dashboard's: a distinct word per severity and per state). */
const VALUES = {
  vi: {
    // the dashboard's words (apps/dashboard i18n `alerts.*`); a threshold alert may be above a maximum or below a
    // minimum (a bin's battery at 14 % against ≥ 20 %): "outside the threshold", not "over the limit"
    severity: { warning: 'Cảnh báo sớm', critical: 'Nghiêm trọng' },
    state: { active: 'Đang mở', acknowledged: 'Đã tiếp nhận', resolved: 'Đã kết thúc' },
    type: { threshold: 'Ngoài ngưỡng', offline: 'Trạm mất tín hiệu', 'device-fault': 'Lỗi thiết bị', system: 'Hệ thống' },
  },
  en: {
    severity: { warning: 'Warning', critical: 'Critical' },
    state: { active: 'Active', acknowledged: 'Acknowledged', resolved: 'Resolved' },
    type: { threshold: 'Outside threshold', offline: 'Station offline', 'device-fault': 'Device fault', system: 'System' },
  },
} as const;

/** The sheet name of an export. */
export function sheetName(what: 'readings' | 'alerts', lang: ExportLang): string {
  return WORDS[lang][what === 'readings' ? 'readingsSheet' : 'alertsSheet'];
}

/** A parameter's column header: its label in `lang` and unit, e.g. `Nhu cầu oxy hóa học (COD) (mg/L)`; `TB …` for means. */
function parameterHeader(spec: ParameterSpec, lang: ExportLang, mean: boolean): string {
  const label = spec.label[lang] === spec.key || spec.label[lang].includes(spec.key) ? spec.label[lang] : `${spec.label[lang]} ${spec.key}`;
  return `${mean ? `${WORDS[lang].mean} ` : ''}${label}${spec.unit ? ` (${spec.unit})` : ''}`;
}

/** Header of a readings export: station id, station name, time, one column per parameter. */
export function readingsHeader(parameters: readonly ParameterSpec[], lang: ExportLang, mean: boolean): string[] {
  const w = WORDS[lang];
  return [w.station, w.stationName, mean ? w.bucketStart : w.time, ...parameters.map((p) => parameterHeader(p, lang, mean))];
}

/** Header of an alert-history export. */
export function alertsHeader(lang: ExportLang): string[] {
  const w = WORDS[lang];
  return [
    w.alertId, w.cluster, w.station, w.type, w.parameter, w.severity, w.state, w.raisedAt, w.resolvedAt,
    w.triggerValue, w.peakValue, w.unit, w.limit, w.source, w.acknowledgedBy, w.acknowledgedAt, w.escalatedAt,
  ];
}

const time = (iso: string | undefined): Cell => (iso ? vietnamTime(Date.parse(iso)) : null);

/** One alert as a row of {@link alertsHeader}: words in `lang`, times in Vietnam time. */
export function alertRow(a: AlertDto, lang: ExportLang): Cell[] {
  const v = VALUES[lang];
  const limit = [a.min, a.max].filter((x) => x !== undefined).join('–');
  return [
    a.id,
    a.cluster,
    a.station,
    v.type[a.type ?? 'threshold'],
    a.parameter,
    v.severity[a.severity],
    v.state[a.state],
    time(a.raisedAt),
    time(a.resolvedAt),
    a.triggerValue,
    a.peakValue,
    a.unit,
    limit === '' ? null : limit,
    a.source?.document ?? null,
    a.acknowledgedBy ?? null,
    time(a.acknowledgedAt),
    time(a.escalatedAt),
  ];
}
