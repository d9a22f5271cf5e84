import { Module } from '@nestjs/common';
import { ClusterModule } from '../cluster/cluster.module';
import { MetricsModule } from '../metrics/metrics.module';
import { MqttModule } from '../mqtt/mqtt.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { StorageModule } from '../storage/storage.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

/** Health, readiness and liveness (`GET /api/health…`) and the Prometheus metrics (`GET /api/metrics`). */
@Module({
  imports: [ClusterModule, MetricsModule, MqttModule, NotificationsModule, StorageModule],
  controllers: [HealthController],
  providers: [HealthService],
})
export class HealthModule {}
