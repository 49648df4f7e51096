// The shop's settings (name, country, currency, language) for every page.
// Loaded at start and again whenever the core reports a settings change.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import i18n from "../i18n";
import { ipc, onChanged, type SettingsView } from "../lib/ipc";
import { useErrors } from "./errors";

type Shop = {
  view: SettingsView | null;
  /** True once the first load finished (or failed). */
  ready: boolean;
  shopName: string;
  country: string;
  currency: string;
  /** The UI language with the shop's country, for Intl (e.g. `es-MX`). */
  locale: string;
  /** Shows a freshly saved or loaded view at once. */
  apply: (view: SettingsView) => void;
};

const FALLBACK_CURRENCY = "EUR";
const FALLBACK_COUNTRY = "ES";

export function localeFor(language: string, country: string): string {
  try {
    return Intl.getCanonicalLocales(`${language}-${country}`)[0] ?? language;
  } catch {
    return language;
  }
}

const ShopContext = createContext<Shop>({
  view: null,
  ready: false,
  shopName: "",
  country: FALLBACK_COUNTRY,
  currency: FALLBACK_CURRENCY,
  locale: localeFor(i18n.language, FALLBACK_COUNTRY),
  apply: () => {},
});

export function ShopProvider({ children }: { children: ReactNode }) {
  const { report } = useErrors();
  const [view, setView] = useState<SettingsView | null>(null);
  const [ready, setReady] = useState(false);
  const [language, setLanguage] = useState(i18n.language);

  const apply = useCallback((next: SettingsView) => {
    setView(next);
    void i18n.changeLanguage(next.language).then(() => setLanguage(next.language));
    document.documentElement.lang = next.language;
  }, []);

  useEffect(() => {
    let live = true;
    const load = () =>
      ipc
        .settingsGet()
        .then((next) => live && apply(next))
        .catch((err) => live && report(err))
        .finally(() => live && setReady(true));
    void load();
    const unlisten = onChanged(["settings"], () => void load());
    return () => {
      live = false;
      unlisten.then((stop) => stop()).catch(() => {});
    };
  }, [apply, report]);

  const value = useMemo<Shop>(() => {
    const country = view?.settings.country || FALLBACK_COUNTRY;
    return {
      view,
      ready,
      shopName: view?.settings.shop_name ?? "",
      country,
      currency: view?.settings.currency || FALLBACK_CURRENCY,
      locale: localeFor(language, country),
      apply,
    };
  }, [view, ready, language, apply]);

  return <ShopContext.Provider value={value}>{children}</ShopContext.Provider>;
}

export function useShop(): Shop {
  return useContext(ShopContext);
}
