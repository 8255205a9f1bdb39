import path from 'node:path';

/** Runtime settings, read once from the environment. Every setting is documented in README.md. */
export interface Config {
  /** 'development' | 'production' | 'test' */
  nodeEnv: string;
  port: number;
  host: string;
  /** postgres://… switches from the embedded database to a PostgreSQL server. */
  databaseUrl: string | undefined;
  /** Read replicas of DATABASE_URL (DATABASE_READ_URL, comma-separated): plain reads of GET requests. */
  databaseReadUrls: string[];
  /** A replica further behind the primary than this is not read from (JICENG_READ_MAX_LAG_MS). */
  readMaxLagMs: number;
  /** Bearer token for `/metrics` (JICENG_METRICS_TOKEN); without one only this machine may read it. */
  metricsToken: string | undefined;
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
  /** The origin browsers use (https://host[:port]); writes must come from it. Default: the request's own. */
  publicOrigin: string | undefined;
  /** Request limits per fixed window, shared by every app process through the database. */
  rateLimits: RateLimits;
  security: SecuritySettings;
  personalData: PersonalDataSettings;
  /** Pages with personal data carry a faint watermark of the viewer's name and the time (JICENG_WATERMARK, on by default). */
  watermark: boolean;
  logLevel: string;
  /**
   * Log every request (one JSON line in, one out). Off by default in demo mode so the console of
   * `npm start` stays readable; on in production (JICENG_LOG_REQUESTS switches it either way).
   */
  logRequests: boolean;
  /** A request (headers and body) must arrive within this many seconds, or it is answered 408. */
  requestTimeoutSeconds: number;
  /** The request headers must arrive within this many seconds (at most the request timeout). */
  headersTimeoutSeconds: number;
  /**
   * A database query running longer than this is stopped (PostgreSQL `statement_timeout`) or, on
   * the embedded engine, declares the database stuck: the process exits for its supervisor to
   * restart it. 0 turns it off.
   */
  dbQueryTimeoutSeconds: number;
  /** HTTP SMS gateway for out-of-band messages (password resets); unset: slips only in production. */
  smsGatewayUrl?: string;
  /**
   * Resident self-registration by SMS code: which sender (`http` needs the gateway URL; `console`
   * writes the text to the log, the demo default; `none` turns self-registration off), the code's
   * lifetime and wrong tries, and how many codes a phone number or a client address may ask per hour.
   */
  registration: {
    smsSender: 'http' | 'console' | 'none';
    codeMinutes: number;
    codeAttempts: number;
    codesPerPhoneHour: number;
    codesPerIpHour: number;
    attemptsPerIpHour: number;
  };
  /** Signed checkpoints of the audit chain, outside the database (ADR 0011). */
  auditAnchorFile: string;
  /** Minutes between checkpoints written by each app process; 0 = only at shutdown and after verify. */
  auditAnchorMinutes: number;
  /** Owner connection for migrations when DATABASE_URL is the restricted application role. */
  migrateUrl: string | undefined;
  /**
   * Open311 GeoReport reads (services, service definitions, requests) need no `api_key`, as the
   * specification allows; writes always do. Public answers never carry personal data.
   */
  open311PublicRead: boolean;
}

/** Requests allowed per window; 0 turns a limit off. */
export interface RateLimits {
  windowSeconds: number;
  /** Signed-in API use, per session. */
  perSession: number;
  /** Open311 callers, per API key. */
  perApiKey: number;
  /** Anonymous requests (login page, public endpoints, failed sign-ins), per client IP. */
  perIp: number;
}

/** Member personal data (issue 11): exact-lookup rate limit and the unmasked export's lifetime. */
export interface PersonalDataSettings {
  /** Exact ID-number or phone lookups allowed per account per window. */
  exactLookupLimit: number;
  exactLookupWindowMinutes: number;
  /** Hours an approved unmasked export may be downloaded (once). */
  exportDownloadHours: number;
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
  /** Every account that can see personal data unmasked must pass TOTP (on in the 等保 profile). */
  mfaRequiredForPersonalData: boolean;
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

/** The self-registration SMS sender: as set, else the gateway when configured, else the console in demo mode. */
function smsSenderOf(value: string | undefined, gateway: string | undefined, demo: boolean) {
  if (value === 'http' || value === 'console' || value === 'none') return value;
  if (value) throw new Error(`JICENG_SMS_SENDER must be http, console or none (got "${value}")`);
  return gateway ? 'http' : demo ? 'console' : 'none';
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const profile = env.JICENG_SECURITY_PROFILE ?? 'default';
  const demo = bool(env.JICENG_DEMO, nodeEnv !== 'production');
  const config: Config = {
    nodeEnv,
    port: int(env.PORT, 3000),
    // Demo mode has public passwords: only this machine can reach it unless HOST says otherwise.
    host: env.HOST || (demo ? '127.0.0.1' : '0.0.0.0'),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReadUrls: (env.DATABASE_READ_URL ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean),
    readMaxLagMs: int(env.JICENG_READ_MAX_LAG_MS, 2_000),
    metricsToken: env.JICENG_METRICS_TOKEN || undefined,
    dataDir: path.resolve(env.JICENG_DATA_DIR ?? './data'),
    demo,
    secretKey: env.JICENG_SECRET_KEY || undefined,
    secureCookies: bool(env.JICENG_SECURE_COOKIES, nodeEnv === 'production'),
    trustProxy: bool(env.JICENG_TRUST_PROXY, false),
    allowedOrigins: (env.JICENG_ALLOWED_ORIGINS ?? '').split(',').filter(Boolean),
    publicOrigin: env.JICENG_PUBLIC_ORIGIN || undefined,
    rateLimits: {
      windowSeconds: int(env.JICENG_RATE_LIMIT_WINDOW_SECONDS, 60),
      perSession: int(env.JICENG_RATE_LIMIT_SESSION, 600),
      perApiKey: int(env.JICENG_RATE_LIMIT_API_KEY, 600),
      perIp: int(env.JICENG_RATE_LIMIT_IP, 300),
    },
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    logRequests: bool(env.JICENG_LOG_REQUESTS, !(demo && nodeEnv !== 'production')),
    requestTimeoutSeconds: int(env.JICENG_REQUEST_TIMEOUT_SECONDS, 120),
    headersTimeoutSeconds: int(env.JICENG_HEADERS_TIMEOUT_SECONDS, 20),
    dbQueryTimeoutSeconds: int(env.JICENG_DB_QUERY_TIMEOUT_SECONDS, 60),
    smsGatewayUrl: env.JICENG_SMS_GATEWAY_URL || undefined,
    registration: {
      smsSender: smsSenderOf(env.JICENG_SMS_SENDER, env.JICENG_SMS_GATEWAY_URL, demo),
      codeMinutes: int(env.JICENG_SMS_CODE_MINUTES, 10),
      codeAttempts: int(env.JICENG_SMS_CODE_ATTEMPTS, 5),
      codesPerPhoneHour: int(env.JICENG_SMS_CODES_PER_PHONE_HOUR, 3),
      codesPerIpHour: int(env.JICENG_SMS_CODES_PER_IP_HOUR, 10),
      attemptsPerIpHour: int(env.JICENG_REGISTER_ATTEMPTS_PER_IP_HOUR, 10),
    },
    auditAnchorFile: path.resolve(
      env.JICENG_AUDIT_ANCHOR_FILE || path.join(env.JICENG_DATA_DIR ?? './data', 'audit-anchors.log'),
    ),
    auditAnchorMinutes: int(env.JICENG_AUDIT_ANCHOR_MINUTES, 10),
    migrateUrl: env.JICENG_MIGRATE_URL || undefined,
    open311PublicRead: bool(env.JICENG_OPEN311_PUBLIC_READ, false),
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
      mfaRequiredForPersonalData: bool(env.JICENG_MFA_FOR_PERSONAL_DATA, profile === 'dengbao'),
      auditRetentionDays: int(env.JICENG_AUDIT_RETENTION_DAYS, 365),
      accountIdleDays: int(env.JICENG_ACCOUNT_IDLE_DAYS, 90),
    },
    personalData: {
      exactLookupLimit: int(env.JICENG_EXACT_LOOKUP_LIMIT, 20),
      exactLookupWindowMinutes: int(env.JICENG_EXACT_LOOKUP_WINDOW_MINUTES, 60),
      exportDownloadHours: int(env.JICENG_EXPORT_DOWNLOAD_HOURS, 24),
    },
    watermark: bool(env.JICENG_WATERMARK, true),
  };
  if (config.security.auditRetentionDays < 180) {
    throw new Error('JICENG_AUDIT_RETENTION_DAYS 不得少于 180 天（网络安全法第二十一条）');
  }
  return config;
}

/** The start-up line that says who can reach the server (demo mode listens on this machine only). */
export function listenNotice(config: Pick<Config, 'host' | 'demo'>): string {
  const local = ['127.0.0.1', 'localhost', '::1'].includes(config.host);
  if (local) {
    return config.demo
      ? `  仅本机可访问（${config.host}，演示模式的密码是公开的）；对外开放请设置 HOST=0.0.0.0`
      : `  仅本机可访问（${config.host}）`;
  }
  return config.demo
    ? `  警告：演示模式正在 ${config.host} 上对外开放，演示账户的密码是公开的`
    : `  监听地址 ${config.host}`;
}
