import { isCompletedLoad, type LoadSummary } from './load-summary';

const done: LoadSummary = {
  first: 0,
  count: 10,
  sent: 10,
  acked: 10,
  stations: 2,
  t0: 1_000,
  lastTs: 241_000,
  rate: 10,
  durationS: 1,
  startedAt: 5_000,
  publishEndedAt: 6_000,
  ackedAllAt: 6_010,
  achievedRate: 10,
  connections: 1,
  qos: 1,
};

describe('isCompletedLoad', () => {
  it('accepts a run that published and had every reading acknowledged', () =>
    expect(isCompletedLoad(done)).toBe(true));

  it.each(['startedAt', 'publishEndedAt', 'ackedAllAt', 'achievedRate'] as const)(
    'refuses one with %s null',
    (key) => expect(isCompletedLoad({ ...done, [key]: null })).toBe(false),
  );
});
