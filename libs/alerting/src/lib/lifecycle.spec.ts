import { MAX_COMMENTS_PER_ALERT, type AlertDto } from '@langxanh/contracts';
import { AlertLifecycleError, acknowledgeAlert, commentAlert } from './lifecycle';

const T0 = Date.UTC(2026, 11, 7, 8, 0, 0);
const alert: AlertDto = {
  id: 'pk-ww-01:qcvn40-2011-B/COD:1796630400000',
  cluster: 'phong-khe',
  station: 'pk-ww-01',
  kind: 'wastewater',
  parameter: 'COD',
  ruleId: 'qcvn40-2011-B/COD',
  state: 'active',
  severity: 'critical',
  comparison: 'above',
  max: 150,
  unit: 'mg/L',
  averagingPeriod: 'instant',
  source: { document: 'QCVN 40:2011/BTNMT', clause: 'Bảng 1 cột B' },
  triggerValue: 180,
  peakValue: 180,
  lastValue: 180,
  raisedAt: new Date(T0).toISOString(),
  lastValueAt: new Date(T0).toISOString(),
};

const withComments = (count: number): AlertDto => ({
  ...alert,
  comments: Array.from({ length: count }, (_, i) => ({ by: 'a', at: new Date(T0).toISOString(), text: `c${i}` })),
});

describe('comment bounds of the lifecycle', () => {
  it(`keeps at most MAX_COMMENTS_PER_ALERT (${MAX_COMMENTS_PER_ALERT}) comments, acknowledgement comments included`, () => {
    const last = commentAlert(withComments(MAX_COMMENTS_PER_ALERT - 1), 'b', T0, 'the last one');
    expect(last.comments).toHaveLength(MAX_COMMENTS_PER_ALERT);
    expect(() => commentAlert(last, 'b', T0, 'one more')).toThrow(AlertLifecycleError);
    try {
      commentAlert(last, 'b', T0, 'one more');
    } catch (error) {
      expect(error).toMatchObject({ code: 'too_many_comments' });
    }
    expect(() => acknowledgeAlert(withComments(MAX_COMMENTS_PER_ALERT), 'b', T0, 'on my way')).toThrow(/most one alert keeps/);
    // Acknowledging without a comment is never refused for the count.
    expect(acknowledgeAlert(withComments(MAX_COMMENTS_PER_ALERT), 'b', T0).state).toBe('acknowledged');
    expect(acknowledgeAlert(withComments(MAX_COMMENTS_PER_ALERT), 'b', T0, '  ').comments).toHaveLength(MAX_COMMENTS_PER_ALERT);
  });
});
