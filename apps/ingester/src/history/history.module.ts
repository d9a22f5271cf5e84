import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { IngestModule } from '../ingest/ingest.module';
import { RegistryModule } from '../registry/registry.module';
import { StorageModule } from '../storage/storage.module';
import { HistoryController } from './history.controller';
import { HistoryService } from './history.service';

/**
 * History of a station (issue 13 item 5): the bulk import of readings through the one write path
 * (`IngestService.ingestBatch`) and the deletion of a time range (`ReadingsRepository.deleteRange`); both
 * administrator only and audited. The `npm run import` command (apps/import) is their client.
 */
@Module({
  imports: [AuthModule, IngestModule, RegistryModule, StorageModule],
  controllers: [HistoryController],
  providers: [HistoryService],
})
export class HistoryModule {}
