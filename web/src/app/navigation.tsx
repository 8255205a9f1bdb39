import { type ReactNode, useMemo } from 'react';
import { useI18n } from '../shared/i18n.tsx';
import { webModules } from './registry.tsx';
import { useSession } from './session.tsx';

export interface NavItem {
  path: string;
  icon: ReactNode;
  label: string;
}

/**
 * The person's menu: `navigation` from `GET /auth/me` (the server builds it from the module
 * manifests for their roles and permissions), with each page's icon and, outside Chinese, its
 * label in the chosen language.
 */
export function useNavigation(): NavItem[] {
  const { me } = useSession();
  const { locale, t } = useI18n();
  return useMemo(() => {
    const pages = new Map(webModules.flatMap((m) => m.pages).map((p) => [p.path, p]));
    return (me?.navigation ?? []).map((item) => {
      const page = pages.get(item.path);
      const labelKey = page?.menu?.labelKey;
      return {
        path: item.path,
        icon: page?.menu?.icon,
        label: locale === 'zh-CN' || !labelKey ? item.title : t(labelKey),
      };
    });
  }, [me, locale, t]);
}
