import path from 'node:path';

/** Runtime settings, read once from the environment. Every setting is documented in README.md. */
export interface Config {
  /** 'development' | 'production' | 'test' */
  nodeEnv: string;
  port: number;
  host: string;
  /** postgres://… switches from the embedded database to a PostgreSQL server. */
  databaseUrl: string | undefined;
  /** Directory of the embedded database, keys and uploads. */
  dataDir: string;
  /** Build and keep the demo district (示范区) and demo accounts. */
  demo: boolean;
  /** Secret for field encryption and blind indexes (base64, 32 bytes). Generated into dataDir when absent outside production. */
  secretKey: string | undefined;
  /** Send cookies with the Secure flag (behind TLS). */
  secureCookies: boolean;
  /** Trust X-Forwarded-* from a reverse proxy. */
  trustProxy: boolean;
  /** Origins allowed for non-GET requests besides the request's own host. */
  allowedOrigins: string[];
  security: SecuritySettings;
  logLevel: string;
  /** Signed checkpoints of the audit chain, outside the database (ADR 0011). */
  auditAnchorFile: string;
  /** Minutes between checkpoints written by each app process; 0 = only at shutdown and after verify. */
  auditAnchorMinutes: number;
  /** Owner connection for migrations when DATABASE_URL is the restricted application role. */
  migrateUrl: string | undefined;
}

/** Security parameters (等保 profile). Numbers are settings, never constants. */
export interface SecuritySettings {
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  /** 0 turns periodic password change off (OWASP default); the 等保 profile sets 90. */
  passwordMaxAgeDays: number;
  passwordMinLength: number;
  /** Login attempts allowed per client IP per window. */
  loginRateLimit: number;
  loginRateWindowMinutes: number;
  /** Roles that must pass TOTP before using the API. */
  mfaRequiredForAdmins: boolean;
  auditRetentionDays: number;
  /** Accounts unused this many days are disabled automatically; 0 turns it off. */
  accountIdleDays: number;
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number.parseInt(value, 10);
  if (!Number.isFinite(n)) throw new Error(`配置项必须是整数: ${value}`);
  return n;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const profile = env.JICENG_SECURITY_PROFILE ?? 'default';
  const config: Config = {
    nodeEnv,
    port: int(env.PORT, 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.JICENG_DATA_DIR ?? './data'),
    demo: bool(env.JICENG_DEMO, nodeEnv !== 'production'),
    secretKey: env.JICENG_SECRET_KEY || undefined,
    secureCookies: bool(env.JICENG_SECURE_COOKIES, nodeEnv === 'production'),
    trustProxy: bool(env.JICENG_TRUST_PROXY, false),
    allowedOrigins: (env.JICENG_ALLOWED_ORIGINS ?? '').split(',').filter(Boolean),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    auditAnchorFile: path.resolve(
      env.JICENG_AUDIT_ANCHOR_FILE || path.join(env.JICENG_DATA_DIR ?? './data', 'audit-anchors.log'),
    ),
    auditAnchorMinutes: int(env.JICENG_AUDIT_ANCHOR_MINUTES, 10),
    migrateUrl: env.JICENG_MIGRATE_URL || undefined,
    security: {
      sessionIdleMinutes: int(env.JICENG_SESSION_IDLE_MINUTES, 30),
      sessionMaxHours: int(env.JICENG_SESSION_MAX_HOURS, 12),
      lockoutThreshold: int(env.JICENG_LOCKOUT_THRESHOLD, 5),
      lockoutMinutes: int(env.JICENG_LOCKOUT_MINUTES, 15),
      passwordMaxAgeDays: int(env.JICENG_PASSWORD_MAX_AGE_DAYS, profile === 'dengbao' ? 90 : 0),
      passwordMinLength: int(env.JICENG_PASSWORD_MIN_LENGTH, 8),
      loginRateLimit: int(env.JICENG_LOGIN_RATE_LIMIT, 30),
      loginRateWindowMinutes: int(env.JICENG_LOGIN_RATE_WINDOW_MINUTES, 5),
      mfaRequiredForAdmins: bool(env.JICENG_MFA_FOR_ADMINS, true),
      auditRetentionDays: int(env.JICENG_AUDIT_RETENTION_DAYS, 365),
      accountIdleDays: int(env.JICENG_ACCOUNT_IDLE_DAYS, 90),
    },
  };
  if (config.security.auditRetentionDays < 180) {
    throw new Error('JICENG_AUDIT_RETENTION_DAYS 不得少于 180 天（网络安全法第二十一条）');
  }
  return config;
}
