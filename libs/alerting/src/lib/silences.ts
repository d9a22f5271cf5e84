import type { AlertDto, SilenceDto } from '@langxanh/contracts';

/**
 * The silence or maintenance window that covers `alert` at `now` (epoch ms), if any: one on its station, or on its
 * cluster, with `from ≤ now < to`. A silenced alert is still evaluated, stored and shown; only its notifications
 * (e-mail, webhook, MQTT) are withheld.
 */
export function silenceFor(silences: Iterable<SilenceDto>, alert: Pick<AlertDto, 'station' | 'cluster'>, now: number): SilenceDto | undefined {
  for (const silence of silences) {
    const covers = silence.station !== undefined ? silence.station === alert.station : silence.cluster === alert.cluster;
    if (covers && Date.parse(silence.from) <= now && now < Date.parse(silence.to)) return silence;
  }
  return undefined;
}
