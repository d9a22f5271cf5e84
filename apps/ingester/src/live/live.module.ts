import { Module } from '@nestjs/common';
import { ClusterModule } from '../cluster/cluster.module';
import { AuthModule } from '../auth/auth.module';
import { RegistryModule } from '../registry/registry.module';
import { LiveGateway } from './live.gateway';

/** socket.io live events (readings, alerts, station states) to the rooms allowed to see them. */
@Module({ imports: [AuthModule, ClusterModule, RegistryModule], providers: [LiveGateway], exports: [LiveGateway] })
export class LiveModule {}
