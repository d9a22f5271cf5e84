import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRegistry, type LimitSource, type Station } from '@langxanh/contracts';
import { rulesForStation } from './rules-for-station';

/**
 * Rule sources are what an officer reads under a chart or an alert ("QCVN 05:2023/BTNMT, Bảng 1"): human text, in
 * Vietnamese and in English in the rule data itself. Regression (issue 18): waste alerts and chart legends showed a
 * developer path ("docs/domain.md §6.2"), and English pages showed the Vietnamese clause ("Bảng 1").
 */
const registry = parseRegistry(JSON.parse(readFileSync(join(__dirname, '../../../../deploy/registry/bac-ninh.json'), 'utf8')));
const stations: Station[] = registry.clusters.flatMap((c) => c.stations);
const AT = Date.parse('2026-12-07T05:00:00Z');
/** Vietnamese letters with a diacritic (an English text has none; place names aside, which sources do not hold). */
const VIETNAMESE = /[ăâđêôơưàáạảãằắặẳẵầấậẩẫèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ]/i;
const DEVELOPER = /docs\/|§|\.md\b|[A-Z]{3,}_[A-Z_]{3,}/;

const texts = (s: LimitSource) => [s.document, s.clause, s.note ?? ''];

describe('rule sources', () => {
  const rules = stations.flatMap((station) => rulesForStation(station, AT).map((rule) => ({ station, rule })));

  it('covers every kind of station', () => {
    expect(new Set(rules.map((r) => r.station.kind))).toEqual(new Set(['wastewater', 'air', 'waste']));
  });

  it.each(rules.map((r) => [`${r.station.id} ${r.rule.id}`, r.rule.source] as const))('%s: human text in vi and en', (_name, source) => {
    for (const text of texts(source)) expect(text).not.toMatch(DEVELOPER);
    expect(source.en).toBeDefined();
    const en = source.en as NonNullable<LimitSource['en']>;
    for (const text of texts({ ...en, effectiveFrom: source.effectiveFrom })) {
      expect(text).not.toMatch(DEVELOPER);
      expect(text).not.toMatch(VIETNAMESE);
    }
  });

  it('words QCVN 05:2023 as the brief and the standard do', () => {
    const pm25 = rules.find((r) => r.rule.id.startsWith('qcvn05-2023/PM2.5'))?.rule.source;
    expect([pm25?.document, pm25?.clause]).toEqual(['QCVN 05:2023/BTNMT', 'Bảng 1']);
    expect([pm25?.en?.document, pm25?.en?.clause]).toEqual(['QCVN 05:2023/BTNMT', 'Table 1']);
  });
});
