import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { Suspense, useEffect, useMemo } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { I18nProvider, type ModuleMessages, useI18n } from '../shared/i18n.tsx';
import { commonMessages } from '../shared/messages.ts';
import { AppLayout } from './AppLayout.tsx';
import { FullPageSpin, NotFoundPage, RequirePermission, RequireSession } from './guards.tsx';
import { HomePage } from './HomePage.tsx';
import { appMessages } from './i18n.ts';
import { webModules } from './registry.tsx';
import { SessionProvider } from './session.tsx';

/** Pages outside the signed-in layout (the login flow) declare paths starting with `/login`. */
const isPublic = (path: string) => path.startsWith('/login');

const THEME = {
  token: {
    colorPrimary: '#c8102e',
    colorLink: '#b3122b',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif",
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
