/**
 * What the ingester can know about the broker's limits, and the warnings it logs at start-up (and shows in
 * `GET /api/health` → `broker.warnings`). deploy/mosquitto/README.md § "Broker settings LàngXanh needs".
 *
 * Known over MQTT (Mosquitto publishes them under `$SYS`, every `sys_interval`, default 10 s):
 * - `$SYS/broker/version`, e.g. `mosquitto version 2.0.11`;
 * - `$SYS/broker/publish/messages/dropped`: messages the broker dropped since it started, for any client. Checked on
 *   Mosquitto 2.0.11 (Debian 12): it counts QoS 1 messages dropped both for a connected subscriber whose queue is
 *   full (a lagging ingester) and for a disconnected persistent session beyond `max_queued_messages`
 *   (apps/e2e/src/faults/broker.fault-spec.ts).
 * Not known: `max_queued_messages`, `max_queued_bytes` and `max_inflight_messages` are not published by Mosquitto
 * and cannot be probed without filling a session queue (which, under `use_username_as_clientid`, would be the
 * ingester's own). The operator declares the queue limit (MQTT_BROKER_MAX_QUEUED_MESSAGES); it is checked against
 * the registry's traffic.
 */

export const SYS_DROPPED_TOPIC = '$SYS/broker/publish/messages/dropped';
export const SYS_VERSION_TOPIC = '$SYS/broker/version';

/**
 * The broker must queue at least this long of the registry's readings for the ingester's session: a day covers a
 * stopped ingester overnight or a full spool under SPOOL_FULL_POLICY=block until someone acts (project rule; the
 * shipped mosquitto.prod.conf's 1 000 000 holds 21 days of the 33-station registry at one reading a minute).
 */
export const SAFE_QUEUE_HOURS = 24;

/** Mosquitto's defaults (mosquitto.conf(5), 2.0): used in the warnings. */
const MOSQUITTO_DEFAULT_MAX_QUEUED = 1000;

export const brokerSafety = {
  /**
   * Warnings about the declared queue limit (`undefined`: not declared; 0: no limit) against the registry's
   * readings per {@link SAFE_QUEUE_HOURS}.
   */
  limits(declared: number | undefined, stations: Iterable<{ station: { expectedIntervalS: number } }>): string[] {
    let perHour = 0;
    for (const { station } of stations) perHour += 3600 / Math.max(1, station.expectedIntervalS);
    const needed = Math.ceil(perHour * SAFE_QUEUE_HOURS);
    if (declared === undefined) {
      return [
        `the broker's max_queued_messages is unknown (Mosquitto does not publish it): declare it in MQTT_BROKER_MAX_QUEUED_MESSAGES; Mosquitto's default ${MOSQUITTO_DEFAULT_MAX_QUEUED} drops readings beyond it silently — LàngXanh needs ≥ ${needed} (${SAFE_QUEUE_HOURS} h of the registry's readings)`,
      ];
    }
    if (declared === 0 || declared >= needed) return [];
    const hours = Math.round((declared / perHour) * 10) / 10;
    return [
      `UNSAFE broker limit: max_queued_messages ${declared} (MQTT_BROKER_MAX_QUEUED_MESSAGES) holds ${hours} h of the registry's readings; a longer stop or lag of the ingester loses the rest at the broker. Set max_queued_messages ≥ ${needed} (${SAFE_QUEUE_HOURS} h), see deploy/mosquitto/README.md`,
    ];
  },

  /** Warnings about the broker's `$SYS/broker/version`. */
  version(text: string): string[] {
    const mosquitto = /^mosquitto version (\d+)\.(\d+)/.exec(text);
    if (!mosquitto) {
      return [
        `the broker is not Mosquitto ("${text}"): its $SYS/broker/publish/messages/dropped may not count dropped QoS 1 messages — check its own drop metrics (deploy/mosquitto/README.md)`,
      ];
    }
    if (Number(mosquitto[1]) < 2) {
      return [
        `${text}: older than 2.0, whose drop counter was checked to count dropped QoS 1 messages; upgrade, or watch the broker's log ("Outgoing messages are being dropped")`,
      ];
    }
    return [];
  },

  /** The drop counter cannot be read. */
  unreadable(reason: string): string {
    return `the broker's drop counter ${SYS_DROPPED_TOPIC} cannot be read (${reason}): messages the broker drops for the ingester cannot be seen. Allow the ingester to read $SYS/broker/# (deploy/mosquitto/acl) and keep sys_interval > 0`;
  },

  /** The broker had dropped messages before the ingester watched. */
  droppedBefore(count: number): string {
    return `the broker has dropped ${count} message(s) since it started, before this ingester watched (${SYS_DROPPED_TOPIC}): some may be readings lost while the ingester was away`;
  },
};
