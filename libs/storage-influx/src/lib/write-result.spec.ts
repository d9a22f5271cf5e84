import { parsePartialWrite } from './write-result';

const body = [
  'wastewater,cluster=phong-khe,station=pk-ww-01 COD=85.2 1000',
  'wastewater,cluster=phong-khe,station=pk-ww-02 COD="85.2" 1000',
  'air,cluster=phong-khe,station=pk-air-01 COD="x" 1000',
  'wastewater,cluster=phong-khe,station=pk\\ ww\\,03 COD=85i,pH=7.1 1000',
  'wastewater,cluster=phong-khe,station=pk-ww-04 note="a, COD=\\"x\\"",COD=1 1000',
  '',
].join('\n');

describe('parsePartialWrite (InfluxDB 1.6.7 texts, issue 15 item 8)', () => {
  it('counts dropped=N and finds the lines of the named field-type conflict', () => {
    const error =
      'partial write: field type conflict: input field "COD" on measurement "wastewater" is type string, already exists as type float dropped=2';
    expect(parsePartialWrite(error, body)).toEqual({
      refusedLines: 2,
      stations: ['pk ww,03', 'pk-ww-02'],
      unidentified: 0,
    });
  });

  it('counts conflicts it cannot attribute (InfluxDB names only the first conflicting field)', () => {
    const error =
      'partial write: field type conflict: input field "COD" on measurement "wastewater" is type string, already exists as type float dropped=4';
    expect(parsePartialWrite(error, body)).toMatchObject({ refusedLines: 4, unidentified: 2 });
  });

  it('counts and names unparsable lines, which InfluxDB does not count in dropped', () => {
    const error =
      "partial write: unable to parse 'bad line here': invalid field format\nunable to parse 'wastewater,cluster=c,station=s10 COD= 4000': missing field value dropped=0";
    expect(parsePartialWrite(error, body)).toEqual({ refusedLines: 2, stations: ['s10'], unidentified: 1 });
  });

  it('is undefined for a refusal of the whole batch', () => {
    expect(parsePartialWrite('database not found: "x"', body)).toBeUndefined();
  });
});
