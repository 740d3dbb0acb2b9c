import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import type { Permission } from '../shared/roles';
import { api, ApiError, onAuthProblem, setCsrfToken } from './api';
import type { Me } from './types';

interface AuthState {
  /** undefined while the first /me is in flight; null when signed out. */
  me: Me | null | undefined;
  /** Why the user was sent back to the login page, shown there once. */
  notice: string | null;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  refresh: () => Promise<Me | null>;
  can: (permission: Permission) => boolean;
  clearNotice: () => void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMeState] = useState<Me | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const navigate = useNavigate();
  const location = useLocation();

  const setMe = useCallback((next: Me | null) => {
    setCsrfToken(next?.csrfToken ?? '');
    setMeState(next);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const next = await api.get<Me>('/api/auth/me', undefined, { skipAuthHandling: true });
      setMe(next);
      return next;
    } catch (err) {
      // Opening the app with a stale cookie: say why the login page is shown.
      if (err instanceof ApiError && err.code === 'auth.session_expired') setNotice('登录已超时，请重新登录');
      setMe(null);
      return null;
    }
  }, [setMe]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Any request that finds the session gone or a password change pending redirects from here.
  useEffect(() => {
    const handler = (err: ApiError) => {
      if (err.status === 401) {
        setMe(null);
        setNotice(err.code === 'auth.session_expired' ? '登录已超时，请重新登录' : err.message);
        const from = location.pathname + location.search;
        navigate('/login', { replace: true, state: { from } });
      } else if (err.code === 'auth.password_change_required') {
        setMeState((m) => (m ? { ...m, mustChangePassword: true } : m));
        navigate('/change-password', { replace: true });
      }
    };
    onAuthProblem(handler);
    return () => onAuthProblem(null);
  }, [navigate, location, setMe]);

  const login = useCallback(
    async (username: string, password: string) => {
      const next = await api.post<Me>('/api/auth/login', { username, password }, { skipAuthHandling: true });
      setMe(next);
      setNotice(null);
      return next;
    },
    [setMe],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout', {}, { skipAuthHandling: true });
    } finally {
      setMe(null);
      navigate('/login', { replace: true });
    }
  }, [navigate, setMe]);

  const value = useMemo<AuthState>(
    () => ({
      me,
      notice,
      login,
      logout,
      refresh,
      can: (p) => !!me?.permissions.includes(p),
      clearNotice: () => setNotice(null),
    }),
    [me, notice, login, logout, refresh],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** For pages inside the signed-in layout, where `me` is known to be set. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a signed-in user');
  return me;
}
