import type { TFunction } from 'i18next';
import { formatLimitNumber } from './format';

/** A bucket width: `30 giây`, `5 phút`, `1,5 giờ` / `30 s`, `5 min`, `1.5 h`. */
export function formatDuration(seconds: number, language: string, t: TFunction): string {
  if (seconds < 60) return t('station.durationSeconds', { value: formatLimitNumber(seconds, language, 0) });
  if (seconds < 3_600) return t('station.durationMinutes', { value: formatLimitNumber(seconds / 60, language, 1) });
  return t('station.durationHours', { value: formatLimitNumber(seconds / 3_600, language, 1) });
}
