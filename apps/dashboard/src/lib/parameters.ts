import { PARAMETER_CATALOGUE, parameterSpec, type ParameterSpec, type StationKind } from '@langxanh/contracts';
import type { Language } from './format/format';

/**
 * Keys that are chemical or physical symbols, shown as they are in every language (with the full name as a
 * tooltip); the other keys (`Flow`, `Temp`, `fill`, …) are shown by their catalogue label.
 */
const SYMBOL_KEYS = new Set(['pH', 'TSS', 'COD', 'BOD5', 'NH4', 'TN', 'TP', 'PM2.5', 'PM10', 'TSP', 'SO2', 'NO2', 'CO', 'O3', 'RH']);

export { parameterSpec };

/** Full catalogue name in the language, or the key itself for a parameter the catalogue does not know. */
export function parameterLabel(kind: StationKind, key: string, language: Language): string {
  return parameterSpec(kind, key)?.label[language] ?? key;
}

/** Compact name for cards: the symbol (`COD`, `PM2.5`) where there is one, else the catalogue label. */
export function parameterShortLabel(kind: StationKind, key: string, language: Language): string {
  return SYMBOL_KEYS.has(key) ? key : parameterLabel(kind, key, language);
}

/** `keys` in catalogue order, unknown keys last (alphabetically). */
export function inCatalogueOrder(kind: StationKind, keys: Iterable<string>): string[] {
  const order = new Map(PARAMETER_CATALOGUE[kind].map((spec, index) => [spec.key, index]));
  return [...new Set(keys)].sort((a, b) => {
    const ia = order.get(a) ?? Number.MAX_SAFE_INTEGER;
    const ib = order.get(b) ?? Number.MAX_SAFE_INTEGER;
    return ia !== ib ? ia - ib : a.localeCompare(b);
  });
}

export function catalogue(kind: StationKind): readonly ParameterSpec[] {
  return PARAMETER_CATALOGUE[kind];
}
