/**
 * Unit symbols as payloads state them, compared with the catalogue's (rules `unit_alias`, `unit_conversion`,
 * `unit_mismatch` of input-rules.ts). Pure.
 */

/** Longest stated unit looked at; a longer one is a mismatch. */
const MAX_UNIT_LENGTH = 32;

/** Spellings (after {@link canonicalUnit}'s folding) that name a catalogue unit another way. */
const ALIASES: Readonly<Record<string, string>> = {
  degc: '°c',
  oc: '°c', // "ºC" with the masculine ordinal U+00BA folds to "oc" under NFKC
  celsius: '°c',
  ptco: 'pt-co',
  'pt/co': 'pt-co',
  'db(a)': 'dba',
  deg: '°',
  degree: '°',
  degrees: '°',
  ph: '',
  '-': '',
};

/**
 * Stated units of the same quantity as a catalogue unit, a factor 1 000 apart (canonical forms):
 * value in `from` × `factor` = value in `to`.
 */
const CONVERSIONS: Readonly<Record<string, { readonly to: string; readonly factor: number }>> = {
  'mg/m3': { to: 'ug/m3', factor: 1_000 },
  'ng/m3': { to: 'ug/m3', factor: 0.001 },
  'ug/l': { to: 'mg/l', factor: 0.001 },
  'g/l': { to: 'mg/l', factor: 1_000 },
};

/**
 * A unit symbol folded for comparison: Unicode NFKC (µ U+00B5 → μ U+03BC, ³ → 3, ℃ → °C; composes NFD), lower
 * case, no spaces, micro written `u` (`μ`, `mc` → `u`), `^3` → `3`, normal cubic metre `Nm³` → `m3` (QCVN
 * 05:2023/BTNMT states air concentrations per Nm³, the catalogue's µg/m³ is that quantity), `/hr` → `/h`, then
 * the spelling aliases (`degC` → `°c`, `Pt/Co` → `pt-co`, `dB(A)` → `dba`, `pH` → ``).
 */
export function canonicalUnit(unit: string): string {
  const folded = unit
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/\u03bc|mc(?=g)/g, 'u')
    .replace(/\^3/g, '3')
    .replace(/\/nm3/g, '/m3')
    .replace(/\/hr$/, '/h');
  return ALIASES[folded] ?? folded;
}

/** How a stated unit relates to the catalogue unit of the parameter. */
export type UnitResolution =
  | { readonly kind: 'same' }
  | { readonly kind: 'alias' }
  | { readonly kind: 'convert'; readonly factor: number }
  | { readonly kind: 'mismatch' };

/** Compares a payload's stated unit with the catalogue unit (`µg/m³`, `mg/L`, `m³/h`, `°C`, `` for pH, …). */
export function resolveUnit(stated: string, catalogueUnit: string): UnitResolution {
  if (stated === catalogueUnit) return { kind: 'same' };
  if (stated.length > MAX_UNIT_LENGTH) return { kind: 'mismatch' };
  const target = canonicalUnit(catalogueUnit);
  const canonical = canonicalUnit(stated);
  if (canonical === target) return { kind: 'alias' };
  const conversion = CONVERSIONS[canonical];
  if (conversion?.to === target) return { kind: 'convert', factor: conversion.factor };
  return { kind: 'mismatch' };
}

/** `value × factor` rounded to 12 significant digits, so that 0.0852 mg/m³ gives 85.2 µg/m³, not 85.19999…. */
export function convertValue(value: number, factor: number): number {
  return Number((value * factor).toPrecision(12));
}
