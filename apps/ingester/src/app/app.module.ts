import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AlertsModule } from '../alerts/alerts.module';
import { AuthModule } from '../auth/auth.module';
import { ClusterModule } from '../cluster/cluster.module';
import { ApiExceptionFilter } from '../common/errors';
import { EventsModule } from '../common/events.module';
import { ExportsModule } from '../exports/exports.module';
import { HealthModule } from '../health/health.module';
import { ForwardModule } from '../forward/forward.module';
import { HistoryModule } from '../history/history.module';
import { IngestModule } from '../ingest/ingest.module';
import { LiveModule } from '../live/live.module';
import { MqttModule } from '../mqtt/mqtt.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OpenApiModule } from '../openapi/openapi.module';
import { ReportsModule } from '../reports/reports.module';
import { StationsModule } from '../stations/stations.module';
import { Tt10Module } from '../tt10/tt10.module';
import { WebModule } from '../web/web.module';
import { CoreModule } from './core.module';
import { EventWiring } from './event-wiring';
import { JobsService } from './jobs.service';

/**
 * The ingester: MQTT → validation → spool → InfluxDB, threshold alerts, REST API and socket.io live events.
 * Data path: MqttAdapter → IngestService → (ReadingsRepository → spool, DomainEventBus) → StationStateService,
 * LiveGateway, AlertsService (the bus listeners and their order: {@link EventWiring}). Scheduled jobs:
 * {@link JobsService}.
 *
 * Start-up: every module's `onModuleInit` (StorageModule first: spool opened, InfluxDB connected, drain started;
 * then alerts, silences, notification records and the newest readings restored) ends before any
 * `onApplicationBootstrap`, where the MQTT adapter connects.
 */
@Module({})
export class AppModule {
  /** The whole ingester; configuration is read from the environment when this is called. */
  static forRoot(): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(),
        ScheduleModule.forRoot(),
        AuthModule,
        ClusterModule,
        EventsModule,
        IngestModule,
        Tt10Module,
        StationsModule,
        AlertsModule,
        NotificationsModule,
        ReportsModule,
        ExportsModule,
        HistoryModule,
        ForwardModule,
        HealthModule,
        LiveModule,
        MqttModule,
        OpenApiModule,
        WebModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }, EventWiring, JobsService],
    };
  }
}
