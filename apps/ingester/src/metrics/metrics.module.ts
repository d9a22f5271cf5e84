import { Module } from '@nestjs/common';
import { MetricsService } from './metrics.service';

/** The Prometheus registry and every counter, gauge and histogram of the ingester. */
@Module({ providers: [MetricsService], exports: [MetricsService] })
export class MetricsModule {}
