import { Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InfluxStorage, routeInfluxClientLogs } from '@langxanh/storage-influx';
import type { Env } from '../config/env';
import { MetricsModule } from '../metrics/metrics.module';
import { AlertDocumentsRepository } from './alert-documents.repository';
import { AlertsRepository } from './alerts.repository';
import { ReadingsRepository } from './readings.repository';
import { SpoolDrainService } from './spool-drain.service';
import { SpoolWriter } from './spool-writer';
import { StationStateRepository } from './station-state.repository';
import { StorageHealth } from './storage-health';
import { StorageStartup } from './storage-startup';

const REPOSITORIES = [
  ReadingsRepository,
  AlertsRepository,
  StationStateRepository,
  AlertDocumentsRepository,
  StorageHealth,
  StorageStartup,
];

/**
 * The one place that touches InfluxDB and the spool. Every accepted reading and alert state is appended to the
 * on-disk spool ({@link SpoolWriter}, the durability point after which the broker gets its PUBACK) and a single
 * drain loop ({@link SpoolDrainService}) writes the spool to InfluxDB in order. Features get narrow repositories:
 * readings, alert states, station states (newest readings), alerting documents, the storage health view, and
 * {@link StorageStartup} (start-up reads that wait for InfluxDB). The InfluxDB client ({@link InfluxStorage}) is
 * provided here and not exported.
 *
 * Start-up (this module initialises before the features that import it, {@link StorageStartup}): open the spool,
 * connect to InfluxDB, start the drain — or, while InfluxDB does not answer, go on without it (readings are spooled
 * and acknowledged, alerts evaluated, the API served) and do both once it answers. Shutdown: stop the retries and
 * the drain (a few seconds to write what is pending), close the spool and the client.
 */
@Module({
  imports: [MetricsModule],
  providers: [
    {
      provide: InfluxStorage,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => {
        const get = <K extends keyof Env>(key: K) => config.get(key, { infer: true });
        return new InfluxStorage(
          {
            url: get('INFLUX_URL'),
            api: get('INFLUX_API'),
            database: get('INFLUX_DATABASE'),
            retentionPolicy: get('INFLUX_RETENTION_POLICY'),
            org: get('INFLUX_ORG'),
            token: get('INFLUX_TOKEN'),
            username: get('INFLUX_USERNAME'),
            password: get('INFLUX_PASSWORD'),
          },
          new Logger(InfluxStorage.name),
        );
      },
    },
    SpoolWriter,
    SpoolDrainService,
    ...REPOSITORIES,
  ],
  exports: REPOSITORIES,
})
export class StorageModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(StorageModule.name);

  constructor(
    private readonly influx: InfluxStorage,
    private readonly spool: SpoolWriter,
    private readonly drain: SpoolDrainService,
    private readonly startup: StorageStartup,
  ) {}

  async onModuleInit(): Promise<void> {
    routeInfluxClientLogs(this.logger, { quiet: true });
    await this.startup.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.startup.stop();
    await this.drain.stop();
    this.spool.close();
    await this.influx.close();
  }
}
