import { Module } from '@nestjs/common';
import { ClusterModule } from '../cluster/cluster.module';
import { AlertsModule } from '../alerts/alerts.module';
import { AuthModule } from '../auth/auth.module';
import { MetricsModule } from '../metrics/metrics.module';
import { MqttModule } from '../mqtt/mqtt.module';
import { RegistryModule } from '../registry/registry.module';
import { StorageModule } from '../storage/storage.module';
import { EmailChannel } from './email.channel';
import { MqttAlertChannel } from './mqtt-alert.channel';
import { NOTIFICATION_CHANNELS } from './notification';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { TelegramChannel } from './telegram.channel';
import { WebhookChannel } from './webhook.channel';
import { ZaloChannel } from './zalo.channel';

/** Alert notifications (e-mail, webhook, MQTT, Telegram, Zalo) with retries, silences honoured, delivery records (`GET /api/notifications`). */
@Module({
  imports: [AlertsModule, AuthModule, ClusterModule, MetricsModule, MqttModule, RegistryModule, StorageModule],
  controllers: [NotificationsController],
  providers: [
    EmailChannel,
    WebhookChannel,
    MqttAlertChannel,
    TelegramChannel,
    ZaloChannel,
    {
      provide: NOTIFICATION_CHANNELS,
      inject: [EmailChannel, WebhookChannel, MqttAlertChannel, TelegramChannel, ZaloChannel],
      useFactory: (...channels: unknown[]) => channels,
    },
    NotificationsService,
  ],
  exports: [NotificationsService],
})
export class NotificationsModule {}
