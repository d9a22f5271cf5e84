import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../../i18n/useLanguage';
import { downloadExport, EXPORT_BUCKETS, exportPath, type ExportBucket, type ExportFormat, type ExportTarget } from '../api/export';

/**
 * A "download" menu: CSV (UTF-8 with BOM) or Excel (XLSX) of `target`, headers in the UI's language; for readings
 * also raw values or hourly/daily means. The file comes from `/api/exports/…` with the session's token.
 */
export function ExportMenu({ target }: { readonly target: ExportTarget }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [bucket, setBucket] = useState<ExportBucket>('raw');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  const download = (format: ExportFormat): void => {
    setBusy(true);
    setFailed(false);
    downloadExport(exportPath(target, format, lang, bucket), `langxanh-${target.what}.${format}`).then(
      () => setBusy(false),
      () => {
        setBusy(false);
        setFailed(true);
      },
    );
  };

  return (
    <details className="export-menu" data-testid={`export-menu-${target.what}`}>
      <summary className="button button--small">{t('export.title')}</summary>
      <div className="export-menu__panel" role="group" aria-label={t('export.title')}>
        {target.what === 'readings' && (
          <label className="filters__field">
            <span>{t('export.bucket')}</span>
            <select data-testid="export-bucket" value={bucket} onChange={(e) => setBucket(e.target.value as ExportBucket)}>
              {EXPORT_BUCKETS.map((b) => (
                <option key={b} value={b}>
                  {t(`export.buckets.${b}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        {(['csv', 'xlsx'] as const).map((format) => (
          <button
            key={format}
            type="button"
            className="button button--small button--primary"
            data-testid={`export-${format}`}
            disabled={busy}
            onClick={() => download(format)}
          >
            {t(`export.${format}`)}
          </button>
        ))}
        {busy && <span role="status">{t('export.downloading')}</span>}
        {failed && (
          <span className="form__error" role="alert">
            {t('export.failed')}
          </span>
        )}
      </div>
    </details>
  );
}
