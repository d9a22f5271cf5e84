import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { StationStateService } from '../stations/station-state.service';

/** Every scheduled job of the ingester, in one place. */
@Injectable()
export class JobsService {
  constructor(private readonly stations: StationStateService) {}

  /** Marks stations offline when silent for longer than allowed, without waiting for a message. */
  @Interval('station-silence', 5_000)
  checkSilence(): void {
    this.stations.checkSilence(Date.now());
  }
}
