import { request } from '../../../lib/api/client';
import { saveBlob } from '../../../lib/download/save-blob';

/** File formats of `/api/exports/…` (docs/api.md § Exports). */
export type ExportFormat = 'csv' | 'xlsx';
/** Readings resolution offered in the menu: raw values, hourly or daily means (Vietnam days). */
export const EXPORT_BUCKETS = ['raw', '1h', '1d'] as const;
export type ExportBucket = (typeof EXPORT_BUCKETS)[number];

/** What a menu exports: one station's readings over a time range, or the alert history under the page's filters. */
export type ExportTarget =
  | { readonly what: 'readings'; readonly station: string; readonly range: () => { readonly from: number; readonly to: number } }
  | { readonly what: 'alerts'; readonly filters: Readonly<Record<string, string | null | undefined>> };

/** The API path of an export (times as ISO 8601 UTC; the API writes them back in Vietnam time). */
export function exportPath(target: ExportTarget, format: ExportFormat, lang: 'vi' | 'en', bucket: ExportBucket): string {
  const params = new URLSearchParams();
  if (target.what === 'readings') {
    const { from, to } = target.range();
    params.set('stations', target.station);
    params.set('from', new Date(from).toISOString());
    params.set('to', new Date(to).toISOString());
    params.set('bucket', bucket);
  } else {
    for (const [key, value] of Object.entries(target.filters)) if (value && value !== 'all') params.set(key, value);
  }
  params.set('format', format);
  params.set('lang', lang);
  return `/api/exports/${target.what}?${params.toString()}`;
}

/** The file name of a `Content-Disposition: attachment; filename="…"` header, else `fallback`. */
export function attachmentName(header: string | null, fallback: string): string {
  const name = header ? /filename="([^"]{1,200})"/.exec(header)?.[1] : undefined;
  return name && /^[\w.-]+$/.test(name) ? name : fallback;
}

/** Downloads an export through the API (with the session's token) and hands it to the browser as a file. */
export async function downloadExport(path: string, fallbackName: string): Promise<void> {
  const response = await request(path, { accept: '*/*' });
  const name = attachmentName(response.headers.get('content-disposition'), fallbackName);
  saveBlob(await response.blob(), name);
}
