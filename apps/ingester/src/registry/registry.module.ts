import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventsModule } from '../common/events.module';
import type { Env } from '../config/env';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { FileRegistryStore } from './file-registry-store';
import { RedisRegistryStore } from './redis-registry-store';
import { RegistryController } from './registry.controller';
import { REGISTRY_STORE } from './registry-store';
import { RegistryService } from './registry.service';

/** `REGISTRY_DATA_DIR`, else `registry/` inside `AUTH_DATA_DIR`. */
export function registryDataDir(config: ConfigService<Env, true>): string {
  return (
    config.get('REGISTRY_DATA_DIR', { infer: true }) ??
    join(config.get('AUTH_DATA_DIR', { infer: true }), 'registry')
  );
}

/**
 * The station registry: seeded from REGISTRY_FILE, versioned in REGISTRY_DATA_DIR ({@link FileRegistryStore}) —
 * shared through Redis when REDIS_URL is set ({@link RedisRegistryStore}) —
 * changed at run time over `/api/registry…` (docs/registry.md).
 */
@Module({
  imports: [EventsModule],
  controllers: [RegistryController],
  providers: [
    RegistryService,
    {
      provide: REGISTRY_STORE,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => {
        const local = new FileRegistryStore(registryDataDir(config));
        const url = config.get('REDIS_URL', { infer: true });
        if (!url) return local;
        // Several nodes: versions shared through Redis, this node's folder keeps a copy (redis-registry-store.ts).
        const connection = (name: string) =>
          new Redis(url, {
            connectionName: `langxanh-${config.get('NODE_ID', { infer: true })}-${name}`,
            maxRetriesPerRequest: 1,
            connectTimeout: 5_000,
            retryStrategy: (times) => Math.min(2_000, 500 * times),
          });
        return new RedisRegistryStore(connection('registry'), connection('registry-sub'), local);
      },
    },
  ],
  exports: [RegistryService],
})
export class RegistryModule {}
