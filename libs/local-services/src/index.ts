export {
  findBinary,
  requireBinaries,
  MissingBinaryError,
  INSTALL_HINT,
  BINARY_ENV,
  type ServiceBinary,
} from './lib/binaries';
export { eventually, type EventuallyOptions } from './lib/eventually';
export { stopAll, registeredServiceCount } from './lib/registry';
export {
  ServiceStartError,
  withDeathSignal,
  type RunningService,
  type RestartOptions,
  type ServiceName,
} from './lib/managed-service';
export {
  startMosquitto,
  renderMosquittoConfig,
  DEFAULT_MQTT_PORT,
  DEV_MAX_PACKET_BYTES,
  type MosquittoOptions,
  type MosquittoConfigInput,
} from './lib/mosquitto';
export {
  startInfluxd,
  renderInfluxdConfig,
  DEFAULT_INFLUX_HTTP_PORT,
  type InfluxdOptions,
  type InfluxdConfigInput,
} from './lib/influxd';
export {
  startPureFtpd,
  pureFtpdArgs,
  type FtpAccount,
  type PureFtpdOptions,
  type PureFtpdTls,
  type RunningFtpServer,
} from './lib/pure-ftpd';
export { startRedis, renderRedisConfig, DEFAULT_REDIS_PORT, type RedisOptions } from './lib/redis';
export { makeTestCertificate, type TestCertificate } from './lib/test-certificate';
export { canConnect, choosePort, isPortFree, LOOPBACK } from './lib/net';
export { tailFile } from './lib/log-tail';
