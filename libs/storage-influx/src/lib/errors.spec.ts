import { HttpError, RequestTimedOutError } from '@influxdata/influxdb-client';
import {
  InfluxQueryError,
  InfluxStorageError,
  isRetriableStatus,
  toStorageError,
  writeFailureVerdict,
} from './errors';

describe('error classification', () => {
  it.each([
    [400, false],
    [401, false],
    [404, false],
    [413, false],
    [429, true],
    [500, true],
    [503, true],
  ])('HTTP %i retriable: %s', (status, retriable) => {
    expect(isRetriableStatus(status)).toBe(retriable);
    const error = toStorageError(
      new HttpError(status, 'x', '{"error":"why"}', undefined, 'application/json'),
      'ctx',
    );
    expect(error).toMatchObject({ code: 'HTTP', retriable, statusCode: status });
    expect(error.message).toBe(`ctx: HTTP ${status}: why`);
  });

  it('network errors and time-outs are retriable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(toStorageError(refused, 'w')).toMatchObject({ code: 'UNREACHABLE', retriable: true });
    expect(toStorageError(new RequestTimedOutError(), 'w')).toMatchObject({
      code: 'UNREACHABLE',
      retriable: true,
    });
  });

  it('HTTP errors of a query become InfluxQueryError with the statement', () => {
    const error = toStorageError(
      new HttpError(400, 'Bad Request', '{"error":"error parsing query"}'),
      'q',
      'SELEC',
    );
    expect(error).toBeInstanceOf(InfluxQueryError);
    expect(error).toMatchObject({ code: 'QUERY', retriable: false, statement: 'SELEC' });
  });

  it('anything else is a fatal BAD_RESPONSE; storage errors pass through', () => {
    expect(toStorageError(new SyntaxError('Unexpected token'), 'q')).toMatchObject({
      code: 'BAD_RESPONSE',
      retriable: false,
    });
    const own = new InfluxStorageError('CLOSED', 'closed');
    expect(toStorageError(own, 'x')).toBe(own);
  });
});

describe('writeFailureVerdict (what the spool drain does with a failed write)', () => {
  it.each([
    [new InfluxStorageError('UNREACHABLE', 'down', { retriable: true }), 'retry'],
    [new InfluxStorageError('HTTP', '503', { retriable: true, statusCode: 503 }), 'retry'],
    [new InfluxStorageError('NOT_CONNECTED', 'connect first'), 'retry'],
    [new InfluxStorageError('CLOSED', 'closed'), 'retry'],
    [new InfluxStorageError('HTTP', '400', { statusCode: 400 }), 'quarantine'],
    [new InfluxStorageError('HTTP', '413', { statusCode: 413 }), 'quarantine'],
    [new InfluxStorageError('HTTP', '422', { statusCode: 422 }), 'quarantine'],
    // Not about the lines: bad credentials, missing database, time-out — kept until the cause is fixed.
    [new InfluxStorageError('HTTP', '401', { statusCode: 401 }), 'retry'],
    [new InfluxStorageError('HTTP', '403', { statusCode: 403 }), 'retry'],
    [new InfluxStorageError('HTTP', '404', { statusCode: 404 }), 'retry'],
    [new InfluxStorageError('HTTP', '408', { statusCode: 408 }), 'retry'],
    [new InfluxStorageError('BAD_RESPONSE', '?'), 'retry'],
    [new Error('not a storage error'), 'retry'],
    ['a string', 'retry'],
  ])('%s → %s', (error, verdict) => expect(writeFailureVerdict(error)).toBe(verdict));
});
