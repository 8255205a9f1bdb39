import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useT } from '../shared/i18n.tsx';
import { useSession } from './session.tsx';

export function FullPageSpin() {
  return (
    <div className="jc-center" style={{ minHeight: '100vh' }}>
      <Spin size="large" />
    </div>
  );
}

/** Signed-in pages: anonymous users and users with a pending step go to the login page. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <FullPageSpin />;
  if (state.status === 'anonymous' || state.me.pending) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}

/** A page the user's permissions do not cover: say so instead of showing an empty page. */
export function RequirePermission({
  permission,
  children,
}: {
  permission?: string | readonly string[];
  children: ReactNode;
}) {
  const { can } = useSession();
  const t = useT();
  const navigate = useNavigate();
  if (can(permission)) return children;
  return (
    <Result
      status="403"
      title={t('app.forbidden.title')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('app.notFound.back')}
        </Button>
      }
    />
  );
}

export function NotFoundPage() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('app.notFound.title')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('app.notFound.back')}
        </Button>
      }
    />
  );
}
