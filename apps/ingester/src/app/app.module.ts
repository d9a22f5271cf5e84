import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AlertsService } from '../alerts/alerts.service';
import { SilencesService } from '../alerts/silences.service';
import { AlertsController } from '../alerts/alerts.controller';
import { SilencesController } from '../alerts/silences.controller';
import { HealthController } from '../health/health.controller';
import { RegistryController } from '../stations/stations.controller';
import { ReportsController } from '../reports/reports.controller';
import { AuthModule } from '../auth/auth.module';
import { ApiExceptionFilter } from '../common/errors';
import { IngestService } from '../ingest/ingest.service';
import { LiveGateway } from '../live/live.gateway';
import { EmailChannel } from '../notifications/email.channel';
import { MqttAlertChannel } from '../notifications/mqtt-alert.channel';
import { NOTIFICATION_CHANNELS } from '../notifications/notification';
import { NotificationsService } from '../notifications/notifications.service';
import { WebhookChannel } from '../notifications/webhook.channel';
import { JobsService } from './jobs.service';
import { StationStateService } from '../stations/station-state.service';
import { InfrastructureModule } from './core.module';

/** Controllers and feature services of the ingester (the I/O adapters come from InfrastructureModule). */
const FEATURES = {
  controllers: [HealthController, RegistryController, AlertsController, SilencesController, ReportsController],
  providers: [
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
    StationStateService,
    AlertsService,
    SilencesService,
    EmailChannel,
    WebhookChannel,
    MqttAlertChannel,
    {
      provide: NOTIFICATION_CHANNELS,
      inject: [EmailChannel, WebhookChannel, MqttAlertChannel],
      useFactory: (...channels: unknown[]) => channels,
    },
    NotificationsService,
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
