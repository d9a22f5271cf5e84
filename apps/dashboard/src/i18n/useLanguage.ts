import { useTranslation } from 'react-i18next';
import { toLanguage, type Language } from '../lib/format/format';

/** The language the UI is shown in (re-renders the caller when it changes). */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  return toLanguage(i18n.resolvedLanguage ?? i18n.language);
}
