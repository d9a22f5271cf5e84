import { PARAMETER_CATALOGUE, parameterSpec, type ParameterSpec, type QualityFlag, type StationKind } from '@langxanh/contracts';
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

/**
 * The quality flag the ingester stores with a value kept beyond its parameter's measuring range (libs/contracts
 * `QualityFlag`, rule `over_range`): a value is only kept there for parameters with a `flaggedRange`, so a shown
 * value above `range` is `over_range`, below it `under_range` (e.g. an overflowing bin's fill of 104 %). Derived from
 * the same catalogue as the server's rule, since the station list carries values but not their flags.
 */
export function qualityFlag(spec: Pick<ParameterSpec, 'range' | 'flaggedRange'> | undefined, value: number): QualityFlag | null {
  if (!spec?.flaggedRange || !Number.isFinite(value)) return null;
  if (value > spec.range[1]) return 'over_range';
  if (value < spec.range[0]) return 'under_range';
  return null;
}
