import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { resources } from '../../i18n';
import { formatDuration } from './duration';
import { formatPermitted, formatSource, formatSourceNote, limitValues } from './limits';

const NBSP = '\u00a0';
let vi: TFunction;
let en: TFunction;

beforeAll(async () => {
  const instance = i18next.createInstance();
  await instance.init({ resources, lng: 'vi', fallbackLng: 'vi', interpolation: { escapeValue: false } });
  vi = instance.getFixedT('vi');
  en = instance.getFixedT('en');
});

describe('limits', () => {
  it('states what is permitted for each comparison', () => {
    expect(formatPermitted({ comparison: 'above', max: 135, unit: 'mg/L' }, 'vi', vi)).toBe(`≤ 135${NBSP}mg/L`);
    expect(formatPermitted({ comparison: 'atOrAbove', max: 80, unit: '%' }, 'en', en)).toBe(`< 80${NBSP}%`);
    expect(formatPermitted({ comparison: 'below', min: 20, unit: '%' }, 'vi', vi)).toBe(`≥ 20${NBSP}%`);
    expect(formatPermitted({ comparison: 'outside', min: 5.5, max: 9, unit: '' }, 'vi', vi)).toBe('5,5 – 9');
    expect(formatPermitted({ comparison: 'outside', min: 5.5, max: 9, unit: '' }, 'en', en)).toBe('5.5 – 9');
  });

  it('draws both bounds of a range and one bound otherwise', () => {
    expect(limitValues({ comparison: 'outside', min: 5.5, max: 9, unit: '' })).toEqual([5.5, 9]);
    expect(limitValues({ comparison: 'above', max: 135, unit: 'mg/L' })).toEqual([135]);
    expect(limitValues({ comparison: 'below', min: 20, max: 99, unit: '%' })).toEqual([20]);
  });

  it('names the source document and clause', () => {
    expect(formatSource({ document: 'QCVN 40:2011/BTNMT', clause: 'Bảng 1 cột B', effectiveFrom: '2012-03-15' }, 'vi')).toBe(
      'QCVN 40:2011/BTNMT, Bảng 1 cột B',
    );
  });

  // regression (issue 18): in English the rule sources stayed Vietnamese ("QCVN 05:2023/BTNMT Bảng 1")
  it('words a rule source in the page language, from the rule data', () => {
    // as libs/standards gives it (its own test checks every rule has such an English form)
    const qcvn05 = { document: 'QCVN 05:2023/BTNMT', clause: 'Bảng 1', effectiveFrom: '2023-09-12', en: { document: 'QCVN 05:2023/BTNMT', clause: 'Table 1' } };
    expect(formatSource(qcvn05, 'vi')).toBe('QCVN 05:2023/BTNMT, Bảng 1');
    expect(formatSource(qcvn05, 'en')).toBe('QCVN 05:2023/BTNMT, Table 1');
    const permit = { ...qcvn05, note: 'thay QCVN 40:2011/BTNMT Bảng 1 cột B: 135', en: { ...qcvn05.en, note: 'replaces QCVN 40:2011/BTNMT Table 1 column B: 135' } };
    expect(formatSourceNote(permit, 'en')).toBe('replaces QCVN 40:2011/BTNMT Table 1 column B: 135');
    expect(formatSourceNote(permit, 'vi')).toBe('thay QCVN 40:2011/BTNMT Bảng 1 cột B: 135');
  });

  it('words bucket widths', () => {
    expect(formatDuration(30, 'vi', vi)).toBe('30 giây');
    expect(formatDuration(300, 'en', en)).toBe('5 min');
    expect(formatDuration(5_400, 'vi', vi)).toBe('1,5 giờ');
  });
});
