import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { RegistryModule } from '../registry/registry.module';
import { ClusterService } from './cluster.service';

/**
 * This node among the ingester nodes (REDIS_URL set): membership, ownership of stations, exactly-once claims of
 * announcements (docs/high-availability.md). A leaf: it imports no feature.
 */
@Module({ imports: [MetricsModule, RegistryModule], providers: [ClusterService], exports: [ClusterService] })
export class ClusterModule {}
