import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventsModule } from '../common/events.module';
import type { Env } from '../config/env';
import { join } from 'node:path';
import { FileRegistryStore } from './file-registry-store';
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
 * The station registry: seeded from REGISTRY_FILE, versioned in REGISTRY_DATA_DIR ({@link FileRegistryStore}),
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
      useFactory: (config: ConfigService<Env, true>) => new FileRegistryStore(registryDataDir(config)),
    },
  ],
  exports: [RegistryService],
})
export class RegistryModule {}
