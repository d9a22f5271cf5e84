import { Injectable } from '@nestjs/common';
import type { StationKind } from '@langxanh/contracts';
import { InfluxStorage, type StationLatest } from '@langxanh/storage-influx';

export type { StationLatest };

/** What storage knows of each station's newest reading (restored once at start-up). */
@Injectable()
export class StationStateRepository {
  constructor(private readonly influx: InfluxStorage) {}

  /** The newest reading time and the last value of each parameter, per station of `kind`. */
  newestByStation(kind: StationKind): Promise<Map<string, StationLatest>> {
    return this.influx.latestByStation(kind);
  }
}
