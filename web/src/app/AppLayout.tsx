import { GlobalOutlined, HomeOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { matchPath, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { type Locale, useI18n } from '../shared/i18n.tsx';
import { ROLE_KEYS } from '../shared/messages.ts';
import { useNavigation } from './navigation.tsx';
import { webModules } from './registry.tsx';
import { useSession } from './session.tsx';
import { PersonalDataWatermark } from './Watermark.tsx';

const LANGUAGE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', 'en-US': 'English' };

export function LanguageSwitch({ light = false }: { light?: boolean }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: (Object.keys(LANGUAGE_NAMES) as Locale[]).map((key) => ({ key, label: LANGUAGE_NAMES[key] })),
        onClick: ({ key }) => setLocale(key as Locale),
      }}
    >
      <Button
        type="text"
        icon={<GlobalOutlined />}
        // The accessible name starts with the visible text (WCAG 2.5.3), then says what it is.
        aria-label={`${LANGUAGE_NAMES[locale]}（${t('app.header.language')}）`}
        data-testid="language-switch"
        style={light ? { color: '#fff' } : undefined}
      >
        {LANGUAGE_NAMES[locale]}
      </Button>
    </Dropdown>
  );
}

export function AppLayout() {
  const { me, can, logout } = useSession();
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();

  const navigation = useNavigation();
  const menuItems = useMemo(
    () => [
      { key: '/', icon: <HomeOutlined />, label: t('app.menu.home') },
      ...navigation.map((item) => ({ key: item.path, icon: item.icon, label: item.label })),
    ],
    [navigation, t],
  );

  const selectedKey =
    menuItems
      .map((item) => item.key)
      .filter((key) => key !== '/' && location.pathname.startsWith(key))
      .sort((a, b) => b.length - a.length)[0] ?? (location.pathname === '/' ? '/' : '');

  const panels = webModules
    .map((m) => m.sidePanel)
    .filter((panel) => panel && can(panel.permission))
    .map((panel) => panel?.component)
    .filter((c) => c !== undefined);

  const headerItems = webModules.flatMap((m) => m.headerItems ?? []);
  const personalPage = webModules
    .flatMap((m) => m.pages)
    .some((p) => p.personalData && matchPath(p.path, location.pathname));

  // The page's one h1 (every page, once, here): the menu entry it belongs to.
  const pageTitle = menuItems.find((item) => item.key === selectedKey)?.label ?? t('app.product');

  if (!me) return null;
  const page = (
    <Suspense
      fallback={
        <div className="jc-center">
          <Spin />
        </div>
      }
    >
      <Outlet />
    </Suspense>
  );
  const primaryRole = me.roles[0];
  const roleText = primaryRole ? t(ROLE_KEYS[primaryRole.role]) : '';
  const scopeText = me.scopes.map((s) => s.name).join('、');

  const side = (
    <div className="jc-side">
      <Menu
        mode="inline"
        selectedKeys={[selectedKey]}
        items={menuItems}
        onClick={({ key }) => {
          navigate(key);
          setDrawerOpen(false);
        }}
        style={{ borderInlineEnd: 'none' }}
      />
      {panels.map((Panel, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: panels are a fixed list from the registry
        <Panel key={index} onNavigate={() => setDrawerOpen(false)} />
      ))}
    </div>
  );

  const userMenu = {
    items: [
      {
        key: 'who',
        disabled: true,
        label: (
          <div style={{ maxWidth: 280 }}>
            <div>
              <Typography.Text strong>{me.user.displayName}</Typography.Text>{' '}
              <Typography.Text type="secondary">{me.user.username}</Typography.Text>
            </div>
            {me.roles.map((r) => (
              <div key={r.id}>
                <Typography.Text type="secondary">
                  {t(ROLE_KEYS[r.role])} · {r.orgName}
                </Typography.Text>
              </div>
            ))}
          </div>
        ),
      },
      { type: 'divider' as const },
      { key: 'logout', icon: <LogoutOutlined />, label: t('app.header.logout'), danger: true },
    ],
    onClick: async ({ key }: { key: string }) => {
      if (key === 'logout') {
        await logout();
        navigate('/login', { replace: true });
      }
    },
  };

  return (
    <Layout className="jc-layout">
      <Layout.Header className="jc-header">
        <Space size={isMobile ? 4 : 12} align="center" style={{ minWidth: 0 }}>
          {isMobile && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('app.menu.open')}
              onClick={() => setDrawerOpen(true)}
              style={{ color: '#fff' }}
            />
          )}
          <button type="button" className="jc-brand" onClick={() => navigate('/')}>
            <span className="jc-brand-mark">基</span>
            <span className="jc-brand-name">{t('app.product')}</span>
            {!isMobile && <span className="jc-brand-sub">{t('app.productFull')}</span>}
          </button>
        </Space>
        <Space size={isMobile ? 0 : 8} align="center">
          {!isMobile && (
            <span className="jc-header-scope" title={scopeText}>
              {roleText && (
                <Tag color="gold" style={{ marginInlineEnd: 8 }}>
                  {roleText}
                </Tag>
              )}
              {scopeText}
            </span>
          )}
          {headerItems.map(({ key, component: Item }) => (
            <Item key={key} />
          ))}
          <LanguageSwitch light />
          <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
            <Button type="text" data-testid="user-menu" style={{ color: '#fff' }}>
              <Avatar
                size="small"
                icon={<UserOutlined />}
                style={{ background: '#ffd34d', color: '#8c0b1f' }}
              />
              {!isMobile && <span style={{ marginInlineStart: 6 }}>{me.user.displayName}</span>}
            </Button>
          </Dropdown>
        </Space>
      </Layout.Header>
      <Layout>
        {!isMobile && (
          <Layout.Sider width={300} theme="light" className="jc-sider">
            {side}
          </Layout.Sider>
        )}
        <Layout.Content className={isMobile ? 'jc-content jc-content-mobile' : 'jc-content'}>
          <h1 className="jc-sr-only" data-testid="page-h1">
            {pageTitle}
          </h1>
          {me.watermark && personalPage ? (
            <PersonalDataWatermark viewer={`${me.user.displayName}（${me.user.username}）`}>
              {page}
            </PersonalDataWatermark>
          ) : (
            page
          )}
        </Layout.Content>
      </Layout>
      {isMobile && (
        <Drawer
          open={drawerOpen}
          placement="left"
          size={300}
          onClose={() => setDrawerOpen(false)}
          title={t('app.product')}
          styles={{ body: { padding: 0 } }}
        >
          {side}
        </Drawer>
      )}
    </Layout>
  );
}
