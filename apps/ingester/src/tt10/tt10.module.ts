import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module';
import { MetricsModule } from '../metrics/metrics.module';
import { RegistryModule } from '../registry/registry.module';
import { Tt10Inbox } from './tt10-inbox';
import { Tt10IntakeService } from './tt10-intake.service';

/** TT 10/2021 files uploaded by FTP → the ingest path (docs/tt10.md). Its look at the folders is a job of app/. */
@Module({
  imports: [IngestModule, MetricsModule, RegistryModule],
  providers: [Tt10Inbox, Tt10IntakeService],
  exports: [Tt10IntakeService],
})
export class Tt10Module {}
