import { Logger } from '@nestjs/common';
import { ApiErrorCode, httpStatusOf, storageFailure } from './errors';

describe('storageFailure (issue 15, item 15: never echo InfluxDB error text to clients)', () => {
  it('answers 503 with an error id and logs the storage text under that id', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const influxText =
        'InfluxQL query failed: HTTP 400: error parsing query: found 253402214400000000000, expected integer';
      const error = storageFailure('AQI data unavailable', new Error(influxText));
      expect(error.code).toBe(ApiErrorCode.StorageUnavailable);
      expect(httpStatusOf(error)).toBe(503);
      expect(error.message).toMatch(/^AQI data unavailable \(error id [0-9a-f-]{36}\)$/);
      expect(error.message).not.toContain('InfluxQL');
      const id = /error id ([0-9a-f-]+)/.exec(error.message)?.[1] ?? 'none';
      expect(logged).toHaveBeenCalledWith(expect.stringContaining(id));
      expect(logged).toHaveBeenCalledWith(expect.stringContaining(influxText));
    } finally {
      logged.mockRestore();
    }
  });

  it("answers 400 with LàngXanh's own text when the storage refused the request as input", () => {
    const error = storageFailure(
      'history unavailable',
      new Error('1500 buckets requested, at most 1000'),
      true,
    );
    expect(httpStatusOf(error)).toBe(400);
    expect(error.message).toBe('history unavailable: 1500 buckets requested, at most 1000');
  });
});
