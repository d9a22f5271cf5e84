/**
 * VN_AQI bands as the dashboard shows them: the official label, colour and health advice of QĐ 1459/QĐ-TCMT
 * Bảng 1, 4 and 5 come from `VN_AQI_BANDS` of `@langxanh/aqi` (the Vietnamese texts are the decision's; the English
 * ones are LàngXanh's translation). Pure.
 */
import type { AqiBandDto, AqiBandKeyDto } from '@langxanh/contracts';
import { VN_AQI_BANDS, type AqiBand } from '@langxanh/aqi';
import type { Language } from '../../lib/format/format';

export function bandByKey(key: AqiBandKeyDto): AqiBand | undefined {
  return VN_AQI_BANDS.find((b) => b.key === key);
}

/** Black or white text, whichever contrasts more with a `#RRGGBB` background (WCAG relative luminance). */
export function textColourOn(hex: string): '#000000' | '#FFFFFF' {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#000000';
  const [r, g, b] = m.slice(1).map((c) => {
    const v = parseInt(c, 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // contrast with black: (L + 0.05) / 0.05; with white: 1.05 / (L + 0.05)
  return (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? '#000000' : '#FFFFFF';
}

export interface BandView {
  readonly key: AqiBandKeyDto;
  readonly level: number;
  readonly colour: string;
  readonly textColour: string;
  readonly label: string;
  readonly health: string;
  readonly adviceGeneral: string;
  readonly adviceSensitive: string;
}

/** Everything shown for a band, in the language; the colour is the API's (the official one). */
export function bandView(band: AqiBandDto, language: Language): BandView {
  const official = bandByKey(band.key);
  return {
    key: band.key,
    level: band.level,
    colour: band.colour,
    textColour: textColourOn(band.colour),
    label: official?.label[language] ?? band.key,
    health: official?.health[language] ?? '',
    adviceGeneral: official?.advice.general[language] ?? '',
    adviceSensitive: official?.advice.sensitive[language] ?? '',
  };
}
