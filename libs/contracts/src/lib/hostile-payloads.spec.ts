import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import corpus from '../fixtures/hostile-payloads.json';
import { HOSTILE_INPUT_CLASSES, INPUT_RULES, NORMALISATION_RULES, REJECTION_REASONS } from './input-rules';
import { hostilePayloadBytes, type HostileCorpusEntry } from './hostile-corpus';
import { validateReadingMessage, type ValidationOutcome } from './reading';
import { parseRegistry, StationIndex } from './registry';
import { SameTimeReadings } from './same-time';

type Entry = HostileCorpusEntry;

const entries = corpus.entries as unknown as Entry[];
const now = Date.parse(corpus.now);
const stations = new StationIndex(
  parseRegistry(
    JSON.parse(readFileSync(join(__dirname, '../../../../deploy/registry/bac-ninh.json'), 'utf8')),
  ),
);

const bytesOf = (payload: Entry['payload']): Buffer => Buffer.from(hostilePayloadBytes(payload));

function expectOutcome(outcome: ValidationOutcome, expected: Entry['expect']): void {
  if (expected.outcome === 'rejected') {
    expect(outcome.reading).toBeUndefined();
    expect(outcome.rejections.map((r) => r.reason)).toEqual(expected.reasons);
    expect(outcome.normalisations).toEqual([]);
    return;
  }
  expect(outcome.reading).toBeDefined();
  expect(new Date(outcome.reading!.time).toISOString()).toBe(expected.time);
  expect(outcome.reading!.values).toEqual(expected.values);
  expect(outcome.rejections.map((r) => ({ parameter: r.parameter, reason: r.reason }))).toEqual(
    expected.dropped ?? [],
  );
  expect(outcome.normalisations.map((n) => n.rule)).toEqual(expected.normalisations);
  expect(outcome.reading!.quality).toEqual(expected.quality);
}

describe('hostile payload corpus (fixtures/hostile-payloads.json)', () => {
  it.each(entries.map((e) => [`${e.id} ${e.class}: ${e.name}`, e] as const))(
    '%s (bytes)',
    (_label, entry) => {
      expectOutcome(
        validateReadingMessage(entry.topic, bytesOf(entry.payload), { stations, now }),
        entry.expect,
      );
    },
  );

  it.each(
    entries.filter((e) => e.payload.base64 === undefined).map((e) => [`${e.id} ${e.name}`, e] as const),
  )('%s (string)', (_label, entry) => {
    const text = bytesOf(entry.payload).toString('utf8');
    expectOutcome(validateReadingMessage(entry.topic, text, { stations, now }), entry.expect);
  });

  it('refuses in a stream, in corpus order and again on a second round, exactly the values marked inStream', () => {
    const sameTime = new SameTimeReadings();
    for (const round of [1, 2]) {
      for (const entry of entries) {
        const outcome = validateReadingMessage(entry.topic, bytesOf(entry.payload), { stations, now });
        let refused: { parameter?: string; reason: string }[] = [];
        if (outcome.reading) {
          const verdict = sameTime.check(outcome.reading);
          refused = verdict.conflicts.map((r) => ({ parameter: r.parameter, reason: r.reason }));
          if (verdict.reading) sameTime.remember(verdict.reading);
          // From the second round on, every message is either a duplicate or refused whole.
          if (round === 2)
            expect({ id: entry.id, kept: verdict.reading }).toEqual({ id: entry.id, kept: undefined });
        }
        expect({ id: entry.id, round, refused }).toEqual({
          id: entry.id,
          round,
          refused: entry.inStream?.dropped ?? [],
        });
      }
    }
  });

  it('has at least 40 entries with unique ids', () => {
    expect(entries.length).toBeGreaterThanOrEqual(40);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  });

  it('covers every class of the issue, and every entry has a known class', () => {
    const classes = new Set(entries.map((e) => e.class));
    for (const klass of HOSTILE_INPUT_CLASSES)
      expect({ klass, covered: classes.has(klass) }).toEqual({ klass, covered: true });
    const known = new Set<string>(INPUT_RULES.map((r) => r.class));
    for (const entry of entries)
      expect({ id: entry.id, known: known.has(entry.class) }).toEqual({ id: entry.id, known: true });
  });

  it('exercises, for every class, the rule that handles it, and every rule somewhere', () => {
    const used = (entry: Entry): readonly string[] => [
      ...(entry.expect.outcome === 'rejected'
        ? entry.expect.reasons
        : [...(entry.expect.dropped ?? []).map((d) => d.reason), ...entry.expect.normalisations]),
      ...(entry.inStream?.dropped ?? []).map((d) => d.reason),
    ];
    for (const rule of INPUT_RULES) {
      const ofClass = entries.filter((e) => e.class === rule.class);
      expect({ rule: rule.id, exercised: ofClass.some((e) => used(e).includes(rule.id)) }).toEqual({
        rule: rule.id,
        exercised: true,
      });
    }
  });
});

describe('the rule table', () => {
  it('handles each class of the issue by exactly one rule', () => {
    for (const klass of HOSTILE_INPUT_CLASSES) {
      expect({ klass, rules: INPUT_RULES.filter((r) => r.class === klass).length }).toEqual({
        klass,
        rules: 1,
      });
    }
  });

  it('gives each rule a unique id, and extra classes are parenthesised', () => {
    expect(new Set(INPUT_RULES.map((r) => r.id)).size).toBe(INPUT_RULES.length);
    for (const rule of INPUT_RULES) {
      const listed = (HOSTILE_INPUT_CLASSES as readonly string[]).includes(rule.class);
      expect(listed || /^\(.+\)$/.test(rule.class)).toBe(true);
    }
  });

  it('splits the ids into rejection reasons and normalisations', () => {
    expect([...REJECTION_REASONS, ...NORMALISATION_RULES].sort()).toEqual(
      INPUT_RULES.map((r) => r.id).sort(),
    );
    for (const id of NORMALISATION_RULES) expect(REJECTION_REASONS).not.toContain(id);
  });
});
