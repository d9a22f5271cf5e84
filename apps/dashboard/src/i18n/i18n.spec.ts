import { describe, expect, it } from 'vitest';
import en from './locales/en.json';
import vi from './locales/vi.json';

type Tree = { readonly [key: string]: string | Tree };

/** `{a: {b: 'x'}}` → `[['a.b', 'x']]`. */
function flatten(tree: Tree, prefix = ''): Array<[string, string]> {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : flatten(value, `${prefix}${key}.`),
  );
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const baseKey = (key: string): string => key.replace(PLURAL_SUFFIX, '');
const variables = (text: string): string[] => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();

const languages = { vi: flatten(vi), en: flatten(en) };

describe('translations', () => {
  it('every key in Vietnamese exists in English and vice versa (plural forms aside)', () => {
    const viKeys = new Set(languages.vi.map(([k]) => baseKey(k)));
    const enKeys = new Set(languages.en.map(([k]) => baseKey(k)));
    expect([...viKeys].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys].filter((k) => !viKeys.has(k))).toEqual([]);
  });

  it.each(Object.entries(languages))('%s has every plural form its language needs, and no other', (language, entries) => {
    const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    const plurals = new Map<string, Set<string>>();
    for (const [key] of entries) {
      const match = PLURAL_SUFFIX.exec(key);
      if (!match) continue;
      const forms = plurals.get(baseKey(key)) ?? new Set<string>();
      forms.add(match[1] ?? '');
      plurals.set(baseKey(key), forms);
    }
    for (const [key, forms] of plurals) {
      expect([...forms].sort(), key).toEqual([...needed].sort());
    }
  });

  it('uses the same interpolation variables in both languages', () => {
    const enByBase = new Map(languages.en.map(([k, v]) => [baseKey(k), variables(v)]));
    for (const [key, text] of languages.vi) {
      const enVariables = enByBase.get(baseKey(key));
      // `count` may be implicit in a plural form (e.g. "one alert")
      const withoutCount = (list: string[] | undefined) => (list ?? []).filter((v) => v !== 'count');
      expect(withoutCount(variables(text)), key).toEqual(withoutCount(enVariables));
    }
  });

  it('has no empty text', () => {
    for (const [language, entries] of Object.entries(languages)) {
      for (const [key, text] of entries) expect(text.trim(), `${language}: ${key}`).not.toBe('');
    }
  });
});
