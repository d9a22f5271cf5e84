import { Module } from '@nestjs/common';
import { RegistryService } from './registry.service';

/** The station registry (REGISTRY_FILE), loaded and validated at start-up. */
@Module({ providers: [RegistryService], exports: [RegistryService] })
export class RegistryModule {}
