/**
 * The session: who is logged in (`GET /auth/me`), what they may do (`can`), and the step still
 * pending after the password (TOTP enrolment or code, password change). The token itself lives in
 * an HttpOnly cookie and never reaches this code.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { authApi } from '../modules/auth/api.ts';
import { ApiError, onUnauthorized } from '../shared/api.ts';
import type { Me } from '../shared/session-types.ts';

type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason?: string }
  | { status: 'authenticated'; me: Me };

interface SessionValue {
  state: SessionState;
  me: Me | null;
  /** True when the user holds the permission somewhere in their scope. */
  can: (permission: string | readonly string[] | undefined) => boolean;
  refresh: () => Promise<Me | null>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const { data } = await authApi.me();
      setState({ status: 'authenticated', me: data });
      return data;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setState({ status: 'anonymous' });
        return null;
      }
      throw error;
    }
  }, []);

  useEffect(() => {
    refresh().catch(() => setState({ status: 'anonymous' }));
  }, [refresh]);

  useEffect(
    () =>
      onUnauthorized((error) => {
        setState((current) =>
          current.status === 'anonymous' ? current : { status: 'anonymous', reason: error.message },
        );
      }),
    [],
  );

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      setState({ status: 'anonymous' });
    }
  }, []);

  const value = useMemo<SessionValue>(() => {
    const me = state.status === 'authenticated' ? state.me : null;
    const granted = new Set(me && !me.pending ? me.permissions : []);
    return {
      state,
      me,
      can: (permission) => {
        if (!permission) return true;
        const wanted = typeof permission === 'string' ? [permission] : permission;
        return wanted.some((p) => granted.has(p));
      },
      refresh,
      logout,
    };
  }, [state, refresh, logout]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
