// Languages: German and English; the officer's choice, else the system language (German for de-*).
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { de } from "./de";
import { en } from "./en";

/** Where the officer's own choice of language is remembered. */
export const LANGUAGE_KEY = "identdesk.language";

export function systemLanguage(): "de" | "en" {
  const chosen = typeof localStorage === "undefined" ? null : localStorage.getItem(LANGUAGE_KEY);
  if (chosen === "de" || chosen === "en") return chosen;
  const preferred = typeof navigator === "undefined" ? "en" : navigator.language;
  return preferred.toLowerCase().startsWith("de") ? "de" : "en";
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, de: { translation: de } },
  lng: systemLanguage(),
  fallbackLng: "en",
  // React escapes what it renders; i18next must not escape a second time.
  interpolation: { escapeValue: false },
});

export default i18n;
