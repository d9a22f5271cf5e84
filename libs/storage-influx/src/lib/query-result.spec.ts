import { InfluxQueryError, InfluxStorageError } from './errors';
import { parseQueryResponse } from './query-result';

describe('parseQueryResponse', () => {
  it('zips columns and values into rows, per series, with tags and statement ids', () => {
    const body = {
      results: [
        {
          statement_id: 0,
          series: [
            { name: 'air', tags: { station: 's1' }, columns: ['time', 'PM10'], values: [[1000, 40]] },
            { name: 'air', tags: { station: 's2' }, columns: ['time', 'PM10'], values: [[2000, null]] },
          ],
        },
        { statement_id: 1 },
        { statement_id: 2, series: [{ name: 'waste', columns: ['time', 'fill'], values: [[3000, 80]] }] },
      ],
    };
    expect(parseQueryResponse(body, 'q')).toEqual([
      { name: 'air', tags: { station: 's1' }, rows: [{ time: 1000, PM10: 40 }], statementId: 0 },
      { name: 'air', tags: { station: 's2' }, rows: [{ time: 2000, PM10: null }], statementId: 0 },
      { name: 'waste', tags: {}, rows: [{ time: 3000, fill: 80 }], statementId: 2 },
    ]);
  });

  it('throws InfluxQueryError for an error in a result or at the top', () => {
    expect(() =>
      parseQueryResponse({ results: [{ statement_id: 0, error: 'database not found: x' }] }, 'SELECT 1'),
    ).toThrow(InfluxQueryError);
    const error = (() => {
      try {
        parseQueryResponse({ error: 'boom' }, 'SELECT 2');
      } catch (e) {
        return e as InfluxQueryError;
      }
      return undefined;
    })();
    expect(error).toMatchObject({ code: 'QUERY', retriable: false, statement: 'SELECT 2' });
  });

  it('refuses shapes it does not know', () => {
    for (const body of [null, 'not json', { results: 'x' }, { results: [{ series: [{ name: 'x' }] }] }]) {
      expect(() => parseQueryResponse(body, 'q')).toThrow(InfluxStorageError);
    }
  });
});
