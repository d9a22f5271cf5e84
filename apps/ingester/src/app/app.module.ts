import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AlertsService } from '../alerts/alerts.service';
import { AlertsController } from '../api/alerts.controller';
import { HealthController } from '../api/health.controller';
import { RegistryController } from '../api/registry.controller';
import { ReportsController } from '../api/reports.controller';
import { AuthModule } from '../auth/auth.module';
import { ApiExceptionFilter } from '../common/errors';
import { IngestService } from '../ingest/ingest.service';
import { LiveGateway } from '../live/live.gateway';
import { JobsService } from '../scheduler/jobs.service';
import { StationStateService } from '../stations/station-state.service';
import { InfrastructureModule } from './infrastructure.module';

/** Controllers and feature services of the ingester (the I/O adapters come from InfrastructureModule). */
const FEATURES = {
  controllers: [HealthController, RegistryController, AlertsController, ReportsController],
  providers: [
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
    StationStateService,
    AlertsService,
    IngestService,
    LiveGateway,
    JobsService,
  ],
};

/**
 * The ingester: MQTT → validation → InfluxDB, threshold alerts, REST API and socket.io live events.
 * Data path: MqttAdapter → IngestService → (StorageAdapter, DomainEventBus) → AlertsService, StationStateService,
 * LiveGateway.
 */
@Module({})
export class AppModule {
  /** The whole ingester; configuration is read from the environment when this is called. */
  static forRoot(): DynamicModule {
    return {
      module: AppModule,
      imports: [InfrastructureModule.forRoot(), ScheduleModule.forRoot(), AuthModule],
      ...FEATURES,
    };
  }
}
