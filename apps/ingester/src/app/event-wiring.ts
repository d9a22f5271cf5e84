import { Injectable } from '@nestjs/common';
import { AlertsService } from '../alerts/alerts.service';
import { ClusterService } from '../cluster/cluster.service';
import { DomainEventBus } from '../common/domain-events';
import { ForwarderService } from '../forward/forwarder.service';
import { LiveGateway } from '../live/live.gateway';
import { NotificationsService } from '../notifications/notifications.service';
import { StationStateService } from '../stations/station-state.service';

/**
 * THE one place where listeners subscribe to the {@link DomainEventBus}. Listeners run synchronously, in the order
 * written here:
 *
 * | event              | emitted by                         | listeners, in order                              |
 * | ------------------ | ---------------------------------- | ------------------------------------------------ |
 * | `reading.accepted` | IngestService (after the spool)    | station state → live gateway → alerts → forwarder |
 * | `alert.changed`    | AlertsService (after its storage)  | station state → notifications → live gateway     |
 * | `alert.restored`   | AlertsService (start-up restore)   | station state                                    |
 * | `station.state`    | StationStateService                | live gateway                                     |
 * | `registry.changed` | RegistryService (a version in force) | station state → live gateway → alerts          |
 *
 * Station state runs first so that a station's state is current before anything reacts to the reading; the live
 * gateway sends a reading before the alerts it raises (whose `alert` events follow it). This is the order the
 * listeners had when each subscribed itself (constructor, gateway init, module init).
 *
 * Subscribed when this provider is built, i.e. before any `onModuleInit`: the alerts restored at start-up reach the
 * station state. No reading arrives before the MQTT adapter connects (`onApplicationBootstrap`, after every module's
 * `onModuleInit`: storage connected, alerts restored and averaging windows warmed up, newest readings restored).
 */
@Injectable()
export class EventWiring {
  constructor(
    bus: DomainEventBus,
    stations: StationStateService,
    alerts: AlertsService,
    notifications: NotificationsService,
    live: LiveGateway,
    forwarder: ForwarderService,
    cluster: ClusterService,
  ) {
    bus.on('reading.accepted', (reading) => stations.onReading(reading, Date.now()));
    bus.on('reading.accepted', (reading) => live.onReading(reading));
    bus.on('reading.accepted', (reading) => alerts.onReading(reading));
    // Several nodes all see every reading: the station's owner forwards it (a single node owns every station).
    bus.on('reading.accepted', (reading) => {
      if (cluster.owns(reading.station)) forwarder.onReading(reading);
    });

    bus.on('alert.changed', ({ alert }) => stations.onAlert(alert));
    bus.on('alert.changed', (event) => notifications.onAlertChanged(event));
    bus.on('alert.changed', (event) => live.onAlertChanged(event));

    bus.on('alert.restored', (alert) => stations.onAlert(alert));

    bus.on('station.state', (event) => live.onStationState(event));

    // Ingest, TT 10 intake, alert rules (RegistryService.rulesFor), scope and the REST reads ask the registry in
    // force each time; only what keeps its own per-station state listens.
    bus.on('registry.changed', (event) => stations.onRegistryChange(event));
    bus.on('registry.changed', (event) => live.onRegistryChange(event));
    // A retired station's open alerts resolve at its retirement (no reading will resolve them).
    bus.on('registry.changed', (event) => alerts.onRegistryChange(event));
  }
}
