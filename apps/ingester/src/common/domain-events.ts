import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import type {
  AlertDto,
  AlertEventDto,
  Reading,
  Registry,
  RegistryVersionSummaryDto,
  StationStateEventDto,
} from '@langxanh/contracts';

/** A registry version took effect (a change over the API, a restore, the store's newest version at start-up). */
export interface RegistryChangedEvent {
  readonly version: RegistryVersionSummaryDto;
  readonly before: Registry;
  readonly after: Registry;
}

/** Events between the ingester's stages: ingest, alerts and station state emit; who listens, in which order: app/event-wiring.ts. */
export interface DomainEvents {
  /** A reading passed validation and was handed to storage. */
  'reading.accepted': [reading: Reading];
  /** An alert was raised, updated, acknowledged, commented or resolved (already handed to storage). */
  'alert.changed': [event: AlertEventDto];
  /** Restored open alerts at start-up (already stored: nothing to write nor to notify). */
  'alert.restored': [alert: AlertDto];
  /** A station's overview state changed. */
  'station.state': [event: StationStateEventDto];
  /** A new registry version is in force (RegistryService): who reads the registry reacts here. */
  'registry.changed': [event: RegistryChangedEvent];
}

/** In-process, synchronous domain event bus. Listeners must not throw. */
@Injectable()
export class DomainEventBus extends EventEmitter<DomainEvents> {
  constructor() {
    super({ captureRejections: true });
    this.setMaxListeners(50);
  }
}
