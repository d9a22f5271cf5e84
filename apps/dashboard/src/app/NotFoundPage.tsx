import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useDocumentTitle } from '../lib/page/useDocumentTitle';

export function NotFoundPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('common.notFound'));
  return (
    <div className="page">
      <h1>{t('common.notFound')}</h1>
      <p>
        <Link to="/">{t('common.backToOverview')}</Link>
      </p>
    </div>
  );
}
