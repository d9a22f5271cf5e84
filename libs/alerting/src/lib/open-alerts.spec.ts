import type { AlertDto } from '@langxanh/contracts';
import { OpenAlerts, StationKeys } from './open-alerts';

const alert = (over: Partial<AlertDto>): AlertDto =>
  ({
    id: 'a',
    station: 'pk-ww-01',
    ruleId: 'r',
    state: 'active',
    raisedAt: '2026-11-29T00:00:00.000Z',
    ...over,
  }) as AlertDto;

describe('OpenAlerts', () => {
  it('restores open alerts only, lists them oldest first and finds one by id', () => {
    const open = new OpenAlerts();
    open.restore([
      alert({ id: 'b', ruleId: 'r2', raisedAt: '2026-11-29T02:00:00.000Z' }),
      alert({ id: 'a', ruleId: 'r1', raisedAt: '2026-11-29T01:00:00.000Z', state: 'acknowledged' }),
      alert({ id: 'c', ruleId: 'r3', state: 'resolved' }),
    ]);
    expect(open.list().map((a) => a.id)).toEqual(['a', 'b']);
    expect(open.byId('b')?.ruleId).toBe('r2');
    expect(open.byId('c')).toBeUndefined();
    expect(open.get(new StationKeys().key('pk-ww-01', 'r1'))?.id).toBe('a');
  });

  it('replaces an open alert by a new version of itself only', () => {
    const open = new OpenAlerts();
    open.restore([alert({ id: 'a' })]);
    expect(open.replace(alert({ id: 'a', state: 'acknowledged' }))).toBe(true);
    expect(open.byId('a')?.state).toBe('acknowledged');
    expect(open.replace(alert({ id: 'other' }))).toBe(false);
    expect(open.byId('a')?.state).toBe('acknowledged');
  });

  it('builds each station key once', () => {
    const keys = new StationKeys();
    expect(keys.key('pk-ww-01', 'COD')).toBe('pk-ww-01|COD');
    expect(keys.key('pk-ww-01', 'COD')).toBe(keys.key('pk-ww-01', 'COD'));
  });

  it('resolves every open alert of one station at a given time (a retired station), leaving the others open', () => {
    const open = new OpenAlerts();
    open.restore([
      alert({ id: 'b', ruleId: 'r2', raisedAt: '2026-11-29T02:00:00.000Z', type: 'offline' }),
      alert({ id: 'a', ruleId: 'r1', raisedAt: '2026-11-29T01:00:00.000Z', state: 'acknowledged' }),
      alert({ id: 'o', station: 'pk-ww-02', ruleId: 'r1' }),
    ]);
    const at = Date.parse('2026-11-30T03:00:00.000Z');
    expect(open.resolveStation('pk-ww-01', at).map((t) => [t.change, t.alert.id, t.alert.state, t.alert.resolvedAt])).toEqual([
      ['resolved', 'a', 'resolved', '2026-11-30T03:00:00.000Z'],
      ['resolved', 'b', 'resolved', '2026-11-30T03:00:00.000Z'],
    ]);
    expect(open.list().map((a) => a.id)).toEqual(['o']);
    expect(open.resolveStation('pk-ww-01', at)).toEqual([]);
  });
});
