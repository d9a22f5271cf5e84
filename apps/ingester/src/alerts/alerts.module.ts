import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ClusterModule } from '../cluster/cluster.module';
import { EventsModule } from '../common/events.module';
import { MetricsModule } from '../metrics/metrics.module';
import { RegistryModule } from '../registry/registry.module';
import { StorageModule } from '../storage/storage.module';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';
import { SilencesController } from './silences.controller';
import { SilencesService } from './silences.service';

/**
 * Threshold, device-fault and offline alerts through their lifecycle (acknowledge, comment, escalation), silences
 * and maintenance windows.
 */
@Module({
  imports: [AuthModule, ClusterModule, EventsModule, MetricsModule, RegistryModule, StorageModule],
  controllers: [AlertsController, SilencesController],
  providers: [AlertsService, SilencesService],
  exports: [AlertsService, SilencesService],
})
export class AlertsModule {}
