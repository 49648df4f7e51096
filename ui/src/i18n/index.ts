// Spanish first: it is the fallback for any key or language we lack.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import es from "./es.json";

export const resources = {
  es: { translation: es },
  en: { translation: en },
} as const;

export const FALLBACK_LANGUAGE = "es";

void i18n.use(initReactI18next).init({
  resources,
  lng: FALLBACK_LANGUAGE,
  fallbackLng: FALLBACK_LANGUAGE,
  supportedLngs: ["es", "en"],
  // React escapes what it renders; escaping here too would show "&amp;".
  interpolation: { escapeValue: false },
  initAsync: false,
});

export default i18n;
