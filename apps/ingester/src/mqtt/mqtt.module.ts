import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { RegistryModule } from '../registry/registry.module';
import { MqttAdapter } from './mqtt.adapter';

/**
 * The broker connection. It connects at `onApplicationBootstrap`, i.e. after every module's `onModuleInit`: storage
 * connected, alerts and the newest readings restored before the first message arrives.
 */
@Module({ imports: [MetricsModule, RegistryModule], providers: [MqttAdapter], exports: [MqttAdapter] })
export class MqttModule {}
