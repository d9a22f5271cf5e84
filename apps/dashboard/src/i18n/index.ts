import i18next, { type i18n as I18n } from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, toLanguage, type Language } from '../lib/format/format';
import en from './locales/en.json';
import vi from './locales/vi.json';

export const DEFAULT_LANGUAGE: Language = 'vi';
/** Where the chosen language is kept between visits. */
export const LANGUAGE_STORAGE_KEY = 'langxanh.language';

export const resources = {
  vi: { translation: vi },
  en: { translation: en },
} as const;

function syncDocumentLanguage(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = toLanguage(language);
}

/**
 * Initialises i18next: Vietnamese unless the user chose English before (`localStorage`) or the URL says `?lang=en`.
 * The browser's own language is deliberately not consulted: the dashboard is Vietnamese by default.
 */
export function initI18n(instance: I18n = i18next): I18n {
  if (instance.isInitialized) return instance;
  void instance
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      resources,
      fallbackLng: DEFAULT_LANGUAGE,
      supportedLngs: [...LANGUAGES],
      load: 'languageOnly',
      initAsync: false,
      interpolation: { escapeValue: false },
      returnNull: false,
      detection: {
        order: ['querystring', 'localStorage'],
        lookupQuerystring: 'lang',
        lookupLocalStorage: LANGUAGE_STORAGE_KEY,
        caches: ['localStorage'],
      },
    });
  syncDocumentLanguage(instance.language);
  instance.on('languageChanged', syncDocumentLanguage);
  return instance;
}

/** The current language, normalised to one the dashboard supports. */
export function currentLanguage(instance: I18n = i18next): Language {
  return toLanguage(instance.resolvedLanguage ?? instance.language);
}
