import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { DomainEventBus } from '../common/domain-events';
import { validateEnv, type Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { MqttAdapter } from '../mqtt/mqtt.adapter';
import { RegistryService } from '../registry/registry.service';
import { StorageAdapter } from '../storage/storage.adapter';

/**
 * Configuration, logging, metrics, the domain bus, the registry and the I/O adapters (MQTT, InfluxDB).
 * Imported first, so the storage is connected before any feature service initialises.
 */
@Module({})
export class InfrastructureModule {
  /**
   * Built when called (not when this file is imported), so the environment is read and validated at start-up.
   * @throws Error listing invalid configuration.
   */
  static forRoot(): DynamicModule {
    const providers = [DomainEventBus, MetricsService, RegistryService, StorageAdapter, MqttAdapter];
    return {
      module: InfrastructureModule,
      global: true,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnv, cache: true }),
        LoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Env, true>) => ({
            pinoHttp: {
              level: config.get('LOG_LEVEL', { infer: true }),
              autoLogging: false,
              redact: ['req.headers.authorization', 'req.headers.cookie'],
            },
          }),
        }),
      ],
      providers,
      exports: providers,
    };
  }
}
