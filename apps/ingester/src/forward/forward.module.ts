import { Module } from '@nestjs/common';
import { RegistryModule } from '../registry/registry.module';
import { ForwarderService } from './forwarder.service';

/**
 * Forwarding of chosen stations' readings to the central system as TT 10/2021 files over FTP/FTPS, through a
 * durable on-disk queue ({@link ForwarderService}). Subscribed to `reading.accepted` in app/event-wiring.ts.
 */
@Module({
  imports: [RegistryModule],
  providers: [ForwarderService],
  exports: [ForwarderService],
})
export class ForwardModule {}
