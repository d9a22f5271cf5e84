import { Tt10FormatError } from './errors';
import { formatTt10FileName, parseTt10FileName, tt10StationKey } from './file-name';

describe('TT 10 file name <TenTinh>_<TenCoSo>_<TenTram>_<YYYYMMDDhhmmss>.txt', () => {
  it.each([
    ['HN_ABCD_NUO001_20250301103000.txt', 'HN', 'ABCD', 'NUO001', '2025-03-01T03:30:00.000Z'],
    ['BN_PHONGKHE_NUOC01_20261207000500.TXT', 'BN', 'PHONGKHE', 'NUOC01', '2026-12-06T17:05:00.000Z'],
    ['BN_DA-HOI_KHI.1_20261207120000.txt', 'BN', 'DA-HOI', 'KHI.1', '2026-12-07T05:00:00.000Z'],
    ['BN_ĐAHỘI_TRẠM1_20261207120000.txt', 'BN', 'ĐAHỘI', 'TRẠM1', '2026-12-07T05:00:00.000Z'],
  ])('%s', (name, province, facility, station, iso) => {
    const parsed = parseTt10FileName(name);
    expect(parsed).toMatchObject({ province, facility, station });
    expect(new Date(parsed.time).toISOString()).toBe(iso);
    expect(parsed.localTime).toBe(name.slice(-18, -4));
  });

  it.each([
    ['HN_ABCD_NUO001_20250301103000.csv', 'bad_file_name'],
    ['HN_ABCD_20250301103000.txt', 'bad_file_name'], // two names
    ['HN_ABCD_NUO_001_20250301103000.txt', 'bad_file_name'], // four names
    ['HN__NUO001_20250301103000.txt', 'bad_file_name'], // an empty name
    ['HN_AB CD_NUO001_20250301103000.txt', 'bad_file_name'],
    ['HN_../x_NUO001_20250301103000.txt', 'bad_file_name'],
    ['HN_ABCD_NUO001_2025030110300.txt', 'bad_file_name'], // 13 digits
    ['HN_ABCD_NUO001_20250231103000.txt', 'bad_time'],
    [`HN_${'A'.repeat(65)}_NUO001_20250301103000.txt`, 'bad_file_name'],
    [`${'A'.repeat(300)}.txt`, 'bad_file_name'],
  ])('%s is refused with %s', (name, code) => {
    expect(() => parseTt10FileName(name)).toThrow(
      expect.objectContaining({ name: 'Tt10FormatError', code, line: undefined }) as Error,
    );
  });

  it('reads a decomposed (NFD) name as NFC', () => {
    const parsed = parseTt10FileName('BN_ĐAHỘI_TRẠM1_20261207120000.txt'.normalize('NFD'));
    expect(tt10StationKey(parsed)).toBe('BN_ĐAHỘI_TRẠM1');
  });

  it('writes the name it reads', () => {
    const time = Date.parse('2026-12-07T05:00:00Z');
    const name = formatTt10FileName({ province: 'BN', facility: 'PHONGKHE', station: 'NUOC01' }, time);
    expect(name).toBe('BN_PHONGKHE_NUOC01_20261207120000.txt');
    expect(parseTt10FileName(name).time).toBe(time);
  });

  it('refuses to write a name part with "_"', () => {
    expect(() => formatTt10FileName({ province: 'BN', facility: 'A_B', station: 'C' }, 0)).toThrow(
      Tt10FormatError,
    );
  });
});
