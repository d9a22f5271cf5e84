import { Module } from '@nestjs/common';
import { EventsModule } from '../common/events.module';
import { MetricsModule } from '../metrics/metrics.module';
import { MqttModule } from '../mqtt/mqtt.module';
import { RegistryModule } from '../registry/registry.module';
import { StationsModule } from '../stations/stations.module';
import { StorageModule } from '../storage/storage.module';
import { DeadLetters } from './dead-letters';
import { IngestService } from './ingest.service';

/** MQTT message → validation → spool, `reading.accepted` on the bus; dead letters for what is rejected. */
@Module({
  imports: [EventsModule, MetricsModule, MqttModule, RegistryModule, StationsModule, StorageModule],
  providers: [IngestService, DeadLetters],
  exports: [IngestService],
})
export class IngestModule {}
