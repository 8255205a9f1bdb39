import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { Suspense, useEffect, useMemo } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { I18nProvider, type ModuleMessages, useI18n } from '../shared/i18n.tsx';
import { commonMessages } from '../shared/messages.ts';
import { AppLayout } from './AppLayout.tsx';
import { useAccessibilityFixes } from './a11y.ts';
import { FullPageSpin, NotFoundPage, RequirePermission, RequireSession } from './guards.tsx';
import { HomePage } from './HomePage.tsx';
import { appMessages } from './i18n.ts';
import { webModules } from './registry.tsx';
import { SessionProvider } from './session.tsx';

/** Pages outside the signed-in layout (the login flow) declare paths starting with `/login`. */
const isPublic = (path: string) => path.startsWith('/login');

/**
 * Text and tags reach 4.5:1 (WCAG 2.0 AA, GB/T 37668-2019) on white and on their tag backgrounds.
 * Ant Design's defaults do not: secondary text #8c8c8c 3.36:1, placeholders 1.83:1, error text
 * #ff4d4f 3.26:1, tags green 3.37:1, gold 2.75:1, processing blue 3.66:1, warning 1.82:1.
 * Tag text uses the palette's 7th shade (preset colours) or the status colour: both are darkened
 * for tags only, so buttons, icons and charts keep their colours.
 */
const THEME: ThemeConfig = {
  token: {
    colorPrimary: '#c8102e',
    colorLink: '#b3122b',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif",
    colorTextSecondary: '#595959', // 7.0:1 on white
    colorTextDescription: '#595959',
    colorTextTertiary: '#666666', // 5.7:1
    colorTextPlaceholder: '#767676', // 4.5:1
    colorError: '#cf1322', // form errors 5.6:1
    colorErrorText: '#cf1322',
    colorWarningText: '#ad4e00',
    colorSuccessText: '#237804',
  },
  components: {
    Tag: {
      green7: '#237804', // 5.4:1 on green-1
      gold7: '#874d00', // 6.5:1 on gold-1
      orange7: '#ad4e00',
      volcano7: '#ad2102',
      cyan7: '#006d75',
      lime7: '#3f6600',
      magenta7: '#9e1068',
      red7: '#a8071a',
      colorSuccess: '#237804',
      colorWarning: '#ad4e00', // 5.1:1 on the warning background
      colorInfo: '#0958d9', // 5.5:1
      colorError: '#a8071a',
    },
  },
};

function Routed() {
  const pages = webModules.flatMap((m) => m.pages);
  return (
    <Routes>
      {pages
        .filter((p) => isPublic(p.path))
        .map((p) => (
          <Route
            key={p.path}
            path={p.path}
            element={<Suspense fallback={<FullPageSpin />}>{p.element}</Suspense>}
          />
        ))}
      <Route
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        <Route index element={<HomePage />} />
        {pages
          .filter((p) => !isPublic(p.path))
          .map((p) => (
            <Route
              key={p.path}
              path={p.path}
              element={<RequirePermission permission={p.permission}>{p.element}</RequirePermission>}
            />
          ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

function Localized() {
  const { locale } = useI18n();
  useAccessibilityFixes();
  useEffect(() => {
    dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={THEME}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Routed />
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  const namespaces = useMemo(() => {
    const all: Record<string, ModuleMessages> = { common: commonMessages, app: appMessages };
    for (const m of webModules) all[m.name] = m.messages;
    return all;
  }, []);
  return (
    <I18nProvider namespaces={namespaces}>
      <Localized />
    </I18nProvider>
  );
}
