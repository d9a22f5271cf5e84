/**
 * The shape of the hostile-input corpus `libs/contracts/src/fixtures/hostile-payloads.json` (one entry per case of
 * the input rules in `input-rules.ts`), shared by the contract's table-driven test and the ingester's fault suite,
 * which publishes the same payloads through a real broker.
 */
export interface HostileCorpusEntry {
  readonly id: string;
  readonly class: string;
  readonly name: string;
  readonly topic: string;
  /** UTF-8 `text`, raw bytes as `base64`, or a large payload as `prefix + unit × times + suffix`. */
  readonly payload: {
    readonly text?: string;
    readonly base64?: string;
    readonly repeat?: {
      readonly prefix: string;
      readonly unit: string;
      readonly times: number;
      readonly suffix: string;
    };
  };
  /** False for topics MQTT forbids in a PUBLISH (wildcards): a broker would disconnect the client. */
  readonly mqttPublishable?: boolean;
  readonly expect:
    | { readonly outcome: 'rejected'; readonly reasons: readonly string[] }
    | {
        readonly outcome: 'accepted' | 'partial';
        readonly time: string;
        readonly values: Readonly<Record<string, number>>;
        readonly dropped?: readonly { readonly parameter: string; readonly reason: string }[];
        readonly normalisations: readonly string[];
        /** Quality flags of the kept values (rule `over_range`); absent when none is flagged. */
        readonly quality?: Readonly<Record<string, string>>;
      };
  /**
   * What the ingester refuses of this entry, after validation, when the corpus is published in order (every entry
   * after those before it): values that an earlier entry gave another value at the same station and millisecond
   * (rule `same_time_conflict`, same-time.ts). Absent: nothing.
   */
  readonly inStream?: {
    readonly dropped: readonly { readonly parameter: string; readonly reason: string }[];
  };
}

/** The payload bytes an MQTT client receives for a corpus entry (no Node `Buffer`: this lib also runs in browsers). */
export function hostilePayloadBytes(payload: HostileCorpusEntry['payload']): Uint8Array {
  if (payload.text !== undefined) return new TextEncoder().encode(payload.text);
  if (payload.base64 !== undefined) return Uint8Array.from(atob(payload.base64), (c) => c.charCodeAt(0));
  if (!payload.repeat) throw new Error('corpus payload has neither text, base64 nor repeat');
  const { prefix, unit, times, suffix } = payload.repeat;
  return new TextEncoder().encode(prefix + unit.repeat(times) + suffix);
}
