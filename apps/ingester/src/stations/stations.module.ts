import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EventsModule } from '../common/events.module';
import { RegistryModule } from '../registry/registry.module';
import { StorageModule } from '../storage/storage.module';
import { StationStateService } from './station-state.service';
import { StationsController } from './stations.controller';
import { StationsService } from './stations.service';

/** Clusters, stations and their overview state (latest values, last seen, offline), readings history. */
@Module({
  imports: [AuthModule, EventsModule, RegistryModule, StorageModule],
  controllers: [StationsController],
  providers: [StationStateService, StationsService],
  exports: [StationStateService],
})
export class StationsModule {}
