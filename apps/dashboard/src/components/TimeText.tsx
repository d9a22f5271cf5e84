import { useLanguage } from '../i18n/useLanguage';
import { useNow } from '../lib/clock/useNow';
import { formatDateTime, formatRelative, toIso, type TimeInput } from '../lib/format/format';

/** An absolute date and time in Vietnam time. */
export function DateTimeText({ time }: { readonly time: TimeInput }) {
  const language = useLanguage();
  return <time dateTime={toIso(time)}>{formatDateTime(time, language)}</time>;
}

/**
 * "5 phút trước · 14:05 29/11/2026": relative and absolute, in Vietnam time. Its own component because it re-renders
 * on every clock tick.
 */
export function RelativeTimeText({ time }: { readonly time: TimeInput }) {
  const language = useLanguage();
  const now = useNow();
  const absolute = formatDateTime(time, language);
  return (
    <time dateTime={toIso(time)} title={absolute}>
      {formatRelative(time, now, language)}
      <span className="muted"> · {absolute}</span>
    </time>
  );
}
