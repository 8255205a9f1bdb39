/**
 * A tiny i18n: every module keeps its strings in `modules/<m>/i18n.ts` as one `defineMessages`
 * call (zh-CN first, en-US second, same keys enforced by the type), under the module's name as
 * namespace: `t('orgs.detail.children')`. The chosen language (never anything else) is kept in
 * localStorage.
 */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];

export interface ModuleMessages {
  'zh-CN': Record<string, string>;
  'en-US': Record<string, string>;
}

/** Both languages must define exactly the same keys. */
export function defineMessages<K extends string>(
  zh: Record<K, string>,
  en: NoInfer<Record<K, string>>,
): ModuleMessages {
  return { 'zh-CN': zh, 'en-US': en };
}

export type TFunction = (key: string, vars?: Record<string, string | number>) => string;

const STORAGE_KEY = 'jiceng.locale';

function initialLocale(): Locale {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh-CN' || saved === 'en-US') return saved;
  } catch {
    // Storage may be disabled; Chinese is the default.
  }
  return 'zh-CN';
}

interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: TFunction;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({
  namespaces,
  children,
}: {
  namespaces: Record<string, ModuleMessages>;
  children: ReactNode;
}) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted: the choice still applies to this page.
    }
    document.documentElement.lang = next;
  }, []);
  const t = useCallback<TFunction>(
    (key, vars) => {
      const dot = key.indexOf('.');
      const ns = namespaces[key.slice(0, dot)];
      const rest = key.slice(dot + 1);
      let text = ns?.[locale][rest] ?? ns?.['zh-CN'][rest] ?? key;
      if (vars) {
        for (const [name, value] of Object.entries(vars)) text = text.replaceAll(`{${name}}`, String(value));
      }
      return text;
    },
    [namespaces, locale],
  );
  const value = useMemo(() => ({ locale, setLocale, t }), [locale, setLocale, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

export function useT(): TFunction {
  return useI18n().t;
}

/** The catalogue's text for `key`, or `fallback` when the catalogue has none (a place's own names). */
export function textOr(t: TFunction, key: string, fallback: string): string {
  const text = t(key);
  return text === key ? fallback : text;
}
