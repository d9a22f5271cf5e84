import { MAX_COMMENTS_PER_ALERT, type AlertDto } from '@langxanh/contracts';
import { AlertLifecycleError, acknowledgeAlert, commentAlert } from './lifecycle';

const T0 = Date.UTC(2026, 11, 7, 8, 0, 0);
/** Only what the lifecycle reads of an alert (id, state, comments): the rest is carried over untouched. */
const alert = { id: 'pk-ww-01:qcvn40-2011-B/COD:1796630400000', state: 'active' } as AlertDto;

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
