export {
  InfluxConnection,
  influxMajorVersion,
  routeInfluxClientLogs,
  type InfluxApi,
  type InfluxStorageLogger,
  type InfluxStorageOptions,
} from './lib/influx-connection';
export {
  InfluxStorage,
  MAX_ALERT_HISTORY,
  MAX_BUCKETS,
  MAX_RECENT_TIMES,
  type ReadingBucketsQuery,
  type RecentTimesQuery,
  type StationLatest,
} from './lib/influx-storage';
export type { InfluxSeries } from './lib/query-result';
export { parseQueryResponse } from './lib/query-result';
export {
  INFLUX_ERROR_CODES,
  InfluxInputError,
  InfluxPartialWriteError,
  InfluxQueryError,
  InfluxStorageError,
  isRetriableStatus,
  refusedLineCount,
  toStorageError,
  writeFailureVerdict,
  type InfluxErrorCode,
} from './lib/errors';
export {
  ALERT_MEASUREMENT,
  ProcessingClock,
  STATUS_FIELD_SUFFIX,
  QUALITY_FIELD_SUFFIX,
  alertToLine,
  documentToLine,
  readingToLine,
  stationsOfLines,
  type AlertDocumentMeasurement,
  type ReadingLine,
} from './lib/points';
export { parsePartialWrite, type PartialWrite } from './lib/write-result';
export * as influxql from './lib/influxql';
export {
  EXCLUDED_STATUSES,
  MAX_FLAGGED_SAMPLES,
  MAX_HOURS,
  validHourlyMeans,
  validSampleStats,
  type SampleCountThresholds,
  type ValidHourlyMean,
  type ValidHourlyMeansQuery,
  type ValidSampleStats,
  type ValidSampleStatsQuery,
} from './lib/valid-reads';
export {
  minuteBucketsByStation,
  type MinuteBucket,
  type MinuteBucketsQuery,
} from './lib/minute-buckets';
export {
  EXPORT_PAGE_ROWS,
  readingPages,
  type ReadingPagesQuery,
  type ReadingRow,
} from './lib/reading-pages';
