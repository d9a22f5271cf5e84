/**
 * Public API of the simulators, for tests and tools that want the expected messages without a broker
 * (e.g. an end-to-end test computing what a replay must deliver) or want to reuse the publisher (a load generator).
 * The CLI entry is `main.ts`.
 */
export { runCli, buildProgram, DEFAULT_MQTT_URL, DEFAULT_SEED, type CliContext } from './cli';
export {
  createStationModel,
  generateReading,
  BASE_INCIDENT_PROBABILITY,
  type GeneratedReading,
  type GeneratorOptions,
  type IncidentState,
  type StationModel,
} from './lib/generator/model';
export { incidentsBetween, type IncidentWindow } from './lib/generator/incidents';
export { AIR_LIMITS_1H, airLimits24h, wastewaterLimits, wasteLimits } from './lib/generator/limits';
export { craftProfile, type Craft, type CraftProfile } from './lib/generator/profiles';
export { loadRegistry, selectStations, defaultRegistryPath, repoRoot, SelectionError } from './lib/registry';
export {
  runSimulate,
  stationClock,
  readingMessage,
  type SimulateOptions,
  type SimulateSummary,
  type SimulationClock,
} from './lib/simulate';
export {
  StationConnection,
  BrokerConnectError,
  STATUS_ONLINE,
  STATUS_OFFLINE,
  type BrokerOptions,
} from './lib/mqtt/station-connection';
export { InflightWindow } from './lib/mqtt/inflight';
export { hanoiRowToMessage, hanoiMessages, defaultHanoiFile, type HanoiRow } from './lib/replay/hanoi';
export {
  beijingRowToMessage,
  beijingMessages,
  defaultBeijingFile,
  relativeHumidity,
  BEIJING_TIME_ZONE,
} from './lib/replay/beijing';
export type {
  ReplayMessage,
  ReplayPlan,
  RowOutcome,
  SkipReason,
  OutOfRangeValue,
  PlanFilter,
} from './lib/replay/messages';
export {
  runReplay,
  replaySchedule,
  summaryLines,
  DEFAULT_REPLAY_SPEED,
  type ReplayOptions,
  type ReplaySummary,
} from './lib/replay/replay';
export { consoleLogger, silentLogger, type Logger } from './lib/logger';
