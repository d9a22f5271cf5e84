import type { AlertDto, AlertEventDto, Reading, StationStateEventDto } from '@langxanh/contracts';
import type { AlertsService } from '../alerts/alerts.service';
import type { ClusterService } from '../cluster/cluster.service';
import { DomainEventBus, type RegistryChangedEvent } from '../common/domain-events';
import type { ForwarderService } from '../forward/forwarder.service';
import type { LiveGateway } from '../live/live.gateway';
import type { NotificationsService } from '../notifications/notifications.service';
import type { StationStateService } from '../stations/station-state.service';
import { EventWiring } from './event-wiring';

describe('EventWiring: who listens to what, in which order', () => {
  const setup = () => {
    const calls: string[] = [];
    const log = (name: string) => () => {
      calls.push(name);
    };
    const stations = {
      onReading: log('stations.onReading'),
      onAlert: log('stations.onAlert'),
      onRegistryChange: log('stations.onRegistryChange'),
    };
    const alerts = { onReading: log('alerts.onReading'), onRegistryChange: log('alerts.onRegistryChange') };
    const notifications = { onAlertChanged: log('notifications.onAlertChanged') };
    const live = {
      onReading: log('live.onReading'),
      onAlertChanged: log('live.onAlertChanged'),
      onStationState: log('live.onStationState'),
      onRegistryChange: log('live.onRegistryChange'),
    };
    const forwarder = { onReading: log('forwarder.onReading') };
    const bus = new DomainEventBus();
    new EventWiring(
      bus,
      stations as unknown as StationStateService,
      alerts as unknown as AlertsService,
      notifications as unknown as NotificationsService,
      live as unknown as LiveGateway,
      forwarder as unknown as ForwarderService,
      { owns: () => true } as unknown as ClusterService,
    );
    return { bus, calls };
  };
  const alert = { station: 'pk-ww-01', cluster: 'phong-khe' } as AlertDto;

  it('reading.accepted: station state, then the live gateway, then alerts, then the forwarder', () => {
    const { bus, calls } = setup();
    bus.emit('reading.accepted', {} as Reading);
    expect(calls).toEqual(['stations.onReading', 'live.onReading', 'alerts.onReading', 'forwarder.onReading']);
  });

  it('alert.changed: station state, then notifications, then the live gateway', () => {
    const { bus, calls } = setup();
    bus.emit('alert.changed', { change: 'raised', alert } as AlertEventDto);
    expect(calls).toEqual(['stations.onAlert', 'notifications.onAlertChanged', 'live.onAlertChanged']);
  });

  it('alert.restored: station state only; station.state: the live gateway only', () => {
    const { bus, calls } = setup();
    bus.emit('alert.restored', alert);
    bus.emit('station.state', {} as StationStateEventDto);
    expect(calls).toEqual(['stations.onAlert', 'live.onStationState']);
  });

  it('registry.changed: station state, then the live gateway, then alerts (a retired station’s open alerts resolve)', () => {
    const { bus, calls } = setup();
    bus.emit('registry.changed', {} as RegistryChangedEvent);
    expect(calls).toEqual(['stations.onRegistryChange', 'live.onRegistryChange', 'alerts.onRegistryChange']);
  });
});
