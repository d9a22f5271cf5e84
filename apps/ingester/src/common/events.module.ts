import { Module } from '@nestjs/common';
import { DomainEventBus } from './domain-events';

/**
 * The in-process {@link DomainEventBus}, one instance for the whole application. Features emit on it; listeners are
 * subscribed in one place only: `app/event-wiring.ts`.
 */
@Module({ providers: [DomainEventBus], exports: [DomainEventBus] })
export class EventsModule {}
