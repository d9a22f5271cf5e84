import { beijingMessages, beijingRowToMessage, defaultBeijingFile, relativeHumidity } from './beijing';

const row = (over: Record<string, string> = {}): Record<string, string> => ({
  No: '32905',
  year: '2016',
  month: '12',
  day: '1',
  hour: '0',
  'PM2.5': '9',
  PM10: '16',
  SO2: '6',
  NO2: '36',
  CO: '500',
  O3: '43',
  TEMP: '3.5',
  PRES: '1024.1',
  DEWP: '-8.5',
  RAIN: '0',
  wd: 'E',
  WSPM: '1',
  station: 'Dongsi',
  ...over,
});

describe('beijingRowToMessage', () => {
  it('converts Beijing time (UTC+8) to the same instant in Vietnam time (UTC+7), written without offset', () => {
    const outcome = beijingRowToMessage(row());
    expect(outcome.ok && outcome.message.ts).toBe('2016-11-30T23:00:00');
    const noon = beijingRowToMessage(row({ hour: '12', day: '15' }));
    expect(noon.ok && noon.message.ts).toBe('2016-12-15T11:00:00');
  });

  it('maps the six pollutants and temperature, derives RH from the dew point', () => {
    const outcome = beijingRowToMessage(row());
    expect(outcome.ok && outcome.message.values).toEqual({
      'PM2.5': 9,
      PM10: 16,
      SO2: 6,
      NO2: 36,
      CO: 500,
      O3: 43,
      Temp: 3.5,
      RH: relativeHumidity(3.5, -8.5),
    });
  });

  it('leaves NA values out and skips a row with none', () => {
    const outcome = beijingRowToMessage(row({ SO2: 'NA', CO: 'NA' }));
    expect(outcome.ok && Object.keys(outcome.message.values)).not.toContain('SO2');
    expect(outcome.ok && outcome.missing).toEqual(['SO2', 'CO']);
    const empty = Object.fromEntries(
      ['PM2.5', 'PM10', 'SO2', 'NO2', 'CO', 'O3', 'TEMP', 'DEWP'].map((k) => [k, 'NA']),
    );
    expect(beijingRowToMessage(row(empty))).toMatchObject({ ok: false, reason: 'no_values' });
    expect(beijingRowToMessage(row({ hour: 'x' }))).toMatchObject({ ok: false, reason: 'bad_date' });
  });
});

describe('relativeHumidity', () => {
  it('is 100 % at the dew point and about 41 % for 3.5 °C with a −8.5 °C dew point', () => {
    expect(relativeHumidity(20, 20)).toBe(100);
    expect(relativeHumidity(3.5, -8.5)).toBeCloseTo(41.1, 1);
    expect(relativeHumidity(30, 20)).toBeCloseTo(55, 0);
  });
});

describe('beijingMessages on the real Dongsi extract', () => {
  it('yields one message per hour of December 2016 and counts the NA values', async () => {
    const plan = await beijingMessages(defaultBeijingFile());
    expect(plan.rowsRead).toBe(744);
    expect(plan.messages).toHaveLength(744);
    expect(plan.messages[0].ts).toBe('2016-11-30T23:00:00');
    expect(plan.messages.at(-1)?.ts).toBe('2016-12-31T22:00:00');
    expect(plan.missingValues).toMatchObject({ 'PM2.5': 3, PM10: 1, SO2: 5, NO2: 6, CO: 8, O3: 5 });
    expect(plan.outOfRange).toEqual([]);
  });
});
