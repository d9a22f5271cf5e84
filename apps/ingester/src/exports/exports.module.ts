import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AuthModule } from '../auth/auth.module';
import { RegistryModule } from '../registry/registry.module';
import { StorageModule } from '../storage/storage.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/** CSV/XLSX downloads of stored readings and alert history, streamed (`/api/exports/…`). */
@Module({
  imports: [AlertsModule, AuthModule, RegistryModule, StorageModule],
  controllers: [ExportsController],
  providers: [ExportsService],
})
export class ExportsModule {}
