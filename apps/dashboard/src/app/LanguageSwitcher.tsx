import { useTranslation } from 'react-i18next';
import { useLanguage } from '../i18n/useLanguage';
import { LANGUAGES } from '../lib/format/format';

const SHORT = { vi: 'VI', en: 'EN' } as const;

/** VI | EN; the choice is kept in localStorage by the language detector. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  return (
    <div className="segmented segmented--small" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          className="segmented__button"
          data-testid={`language-${lang}`}
          aria-pressed={lang === language}
          aria-label={t(`language.${lang}`)}
          onClick={() => void i18n.changeLanguage(lang)}
        >
          {SHORT[lang]}
        </button>
      ))}
    </div>
  );
}
