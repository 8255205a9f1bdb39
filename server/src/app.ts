import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Config } from './config.ts';
import { modules } from './modules/index.ts';
import { deriveAuditChainKey, recordAudit } from './platform/audit.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import { createFieldCrypto } from './platform/crypto.ts';
import type { Database } from './platform/db.ts';
import { checkReady } from './platform/db-guard.ts';
import { AppError, ForbiddenError, RetryLaterError, UnauthorizedError } from './platform/errors.ts';
import { checkRequestOrigin, checkRequestText, parseJsonBody, redactUrl } from './platform/guards.ts';
import type { Access, Deps } from './platform/http.ts';
import { auditContextOf, noStore } from './platform/http.ts';
import { metrics, sameSecret } from './platform/metrics.ts';
import {
  documentRoute,
  operationIndex,
  PLATFORM_DOCS,
  SECURITY_SCHEMES,
  transformDocument,
} from './platform/openapi.ts';
import { enforceRateLimit, RateLimitedError } from './platform/rate-limit.ts';
import { buildRegistry } from './platform/registry.ts';
import { LSN_COOKIE, readRouting } from './platform/replicas.ts';
import { loadSession, SESSION_COOKIE } from './platform/session.ts';
import { registerUploads } from './platform/uploads.ts';
import { describeIssueWith } from './platform/validation.ts';

export interface AppOptions {
  database: Database;
  config: Config;
  secret: Buffer;
  clock?: Clock;
  /** Serve the built web app from web/dist (default: when it exists). */
  serveWeb?: boolean;
  /** Where the request log goes (default: stdout); tests capture it. */
  logStream?: { write(line: string): void };
}

export interface RouteRecord {
  method: string;
  url: string;
  access: Access | undefined;
  hasRequestSchema: boolean;
  hasResponseSchema: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeRecords: RouteRecord[];
  }
}

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BODY_LIMIT = 2 * 1024 * 1024;

/**
 * A client must send its headers within `headersTimeoutSeconds` and the whole request (body
 * included) within `requestTimeoutSeconds`, or it gets 408 and the connection is closed: a body
 * trickled byte by byte cannot hold a connection for ever. Node checks the open connections every
 * `connectionsCheckingInterval`, so that interval follows the limits.
 */
function requestTimeouts(config: Config) {
  const requestMs = Math.max(1, config.requestTimeoutSeconds) * 1000;
  const headersMs = Math.min(Math.max(1, config.headersTimeoutSeconds) * 1000, requestMs);
  return {
    requestTimeout: requestMs,
    // An idle socket (nothing received or sent) is closed after the same time.
    connectionTimeout: requestMs,
    http: {
      requestTimeout: requestMs,
      headersTimeout: headersMs,
      connectionsCheckingInterval: Math.min(30_000, Math.max(250, Math.floor(headersMs / 4))),
    },
    clientErrorHandler,
  };
}

/** Errors before a request reaches Fastify (timeouts, malformed HTTP), in the API's error shape. */
function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'REQUEST_TIMEOUT', '请求超时：请求未在规定时间内传完，连接已关闭']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'HEADERS_TOO_LARGE', '请求头过大']
        : [400, 'BAD_REQUEST', '请求格式不正确'];
  this.log.debug({ err: error }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify({ error: { code, message } });
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/**
 * Demo mode (JICENG_LOG_REQUESTS off): each request's two lines go to debug level, so the console
 * of `npm start` keeps the start-up steps, warnings and errors; failed requests still log.
 */
class DebugRequestLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }
  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error) super.requestCompleted(error, request, reply);
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      // API keys, tokens and passwords in a query string never reach the log.
      serializers: {
        req: (request: FastifyRequest) => ({
          method: request.method,
          url: redactUrl(request.url),
          host: request.host,
          remoteAddress: request.ip,
          remotePort: request.socket?.remotePort,
        }),
      },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    genReqId: () => randomUUID(),
    ...(config.logRequests ? {} : { logController: new DebugRequestLog() }),
    trustProxy: config.trustProxy,
    bodyLimit: BODY_LIMIT,
    ...requestTimeouts(config),
  });
  const deps: Deps = {
    database,
    db: database.db,
    config,
    clock: options.clock ?? systemClock,
    crypto: createFieldCrypto(options.secret),
    auditKey: deriveAuditChainKey(options.secret),
    registry: buildRegistry(modules),
  };
  const accessValues = new Set<string>([
    'public',
    'session',
    'authenticated',
    ...deps.registry.permissions.keys(),
  ]);
  app.decorate('deps', deps);
  app.decorate('routeRecords', [] as RouteRecord[]);
  app.decorateRequest('actor', null);
  app.decorateRequest('pending', null);
  app.decorateRequest('audited', false);
  app.setValidatorCompiler(validatorCompiler);
  // JSON bodies must be UTF-8: Fastify's own parser would store invalid bytes as U+FFFD.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      done(null, parseJsonBody(request, body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.setSerializerCompiler(serializerCompiler);

  // The OpenAPI document: operationId, Chinese summary and security of every route, in one place.
  const operations = operationIndex([PLATFORM_DOCS, ...modules.flatMap((m) => (m.docs ? [m.docs] : []))]);
  app.addHook('onRoute', (route) => documentRoute(route, operations));

  // Deny by default: every API route declares who may call it, or the app does not start.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs') || !route.url.startsWith('/api')) {
      route.config = { ...(route.config ?? {}), access: 'public' };
      return;
    }
    const access = route.config?.access;
    if (!access || !accessValues.has(access)) {
      throw new Error(`路由 ${String(route.method)} ${route.url} 没有声明权限 (config.access)`);
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      app.routeRecords.push({
        method,
        url: route.url,
        access,
        hasRequestSchema: Boolean(route.schema?.params || route.schema?.querystring || route.schema?.body),
        hasResponseSchema: Boolean(route.schema?.response),
      });
    }
  });

  await app.register(cookie);
  await registerUploads(app);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000 } : false,
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Jiceng 基层 API',
        version: '1',
        description: '党建引领基层治理平台接口',
        license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
      },
      servers: [{ url: '/', description: '本服务器' }],
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform: jsonSchemaTransform,
    transformObject: transformDocument,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // Read replicas (DATABASE_READ_URL): the plain reads of a GET request may go to a replica that
  // has replayed the caller's last write, whose position travels in a cookie (replicas.ts).
  const replicas = database.replicas;
  if (replicas) {
    app.addHook('onRequest', (request, _reply, done) => {
      const replicaOk = SAFE_METHODS.has(request.method) && request.url.startsWith('/api/');
      readRouting.run({ replicaOk, minLsn: request.cookies[LSN_COOKIE] }, done);
    });
    app.addHook('onSend', async (request, reply, payload) => {
      const route = readRouting.getStore();
      if (route?.servedBy) reply.header('x-read-from', 'replica');
      if (SAFE_METHODS.has(request.method) || reply.statusCode >= 400) return payload;
      const { rows } = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(deps.db);
      reply.setCookie(LSN_COOKIE, rows[0]!.lsn, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        maxAge: 60,
      });
      return payload;
    });
  }

  // CSRF: SameSite=Lax cookies plus a required Origin (or Referer) on every non-GET request.
  app.addHook('onRequest', async (request) => checkRequestOrigin(request, config));

  // Authentication and the route's declared access.
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || access === 'public') return;
    const result = await loadSession(
      deps.db,
      request.cookies[SESSION_COOKIE],
      deps.clock,
      config.security,
      config.demo,
    );
    if (!result.ok) {
      await enforceRateLimit(request, 'ip', request.ip);
      throw new UnauthorizedError(
        result.reason === 'expired' ? '登录已超时，请重新登录' : '请先登录',
        result.reason === 'expired' ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED',
      );
    }
    request.actor = result.value.actor;
    request.pending = result.value.pending;
    if (access === 'session') return;
    if (result.value.pending === 'mfa' || result.value.pending === 'mfa_enrollment') {
      throw new ForbiddenError('请先完成双因素认证', 'MFA_REQUIRED');
    }
    if (result.value.pending === 'password_change') {
      throw new ForbiddenError('密码已过期或需要修改，请先修改密码', 'PASSWORD_CHANGE_REQUIRED');
    }
    if (access !== 'authenticated' && !result.value.actor.hasPermission(access)) {
      throw new ForbiddenError();
    }
  });

  // Request limits across app processes: per session when signed in, else per client IP; API-key
  // routes count per key in their handler. Health checks and the API documentation are not counted.
  app.addHook('onRequest', async (request) => {
    const url = request.url;
    if (!(url.startsWith('/api/') || url.startsWith('/open311/'))) return;
    if (url.startsWith('/api/health') || url.startsWith('/api/docs')) return;
    if (request.routeOptions.config.apiKeyAuth) return;
    if (request.actor) await enforceRateLimit(request, 'session', request.actor.sessionId);
    else await enforceRateLimit(request, 'ip', request.ip);
  });

  // No text the database cannot hold (NUL, lone surrogates), no empty PATCH.
  app.addHook('preValidation', async (request) => checkRequestText(request));

  // API answers carry personal data: never cached by the browser or a proxy (DB-RI-02, AS-10).
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/') || request.url.startsWith('/open311/')) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });

  // Every write is audited: handlers record success inside their transaction; refusals and
  // failures that never reached a handler are recorded here, before the answer leaves, so a client
  // that has its answer can already find the audit row.
  app.addHook('onSend', async (request, reply, payload) => {
    if (SAFE_METHODS.has(request.method) || request.audited) return payload;
    if (!request.url.startsWith('/api/')) return payload;
    request.audited = true;
    const access = request.routeOptions.config.access;
    const status = reply.statusCode;
    const outcome = status < 400 ? 'success' : status === 403 || status === 404 ? 'denied' : 'failure';
    try {
      await recordAudit(deps.db, auditContextOf(request), {
        action: `${access ?? 'unknown'}`,
        objectType: 'route',
        objectId: `${request.method} ${request.routeOptions.url ?? request.url}`,
        orgPath: request.actor?.user.homeOrgPath ?? null,
        outcome,
        detail: { status },
      });
    } catch (error) {
      request.log.error({ err: error }, 'audit write failed');
    }
    return payload;
  });

  app.setErrorHandler((error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const labels = request.routeOptions.config.fieldLabels;
      const fields: Record<string, string> = {};
      for (const v of error.validation) {
        const keys = (v.params as { keys?: string[] }).keys;
        const path = v.instancePath.split('/').filter(Boolean);
        const key = v.keyword === 'unrecognized_keys' && keys ? keys.join(',') : path.join('.') || '_';
        const message = labels
          ? describeIssueWith(
              { ...(v.params as object), code: v.keyword, path, message: v.message } as z.core.$ZodIssue,
              labels,
            )
          : v.message;
        fields[key] ??= message ?? '输入有误';
      }
      return reply.status(400).send({
        error: { code: 'VALIDATION_FAILED', message: Object.values(fields)[0] ?? '输入有误', fields },
      });
    }
    if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
    if (error instanceof AppError) {
      if (error instanceof RetryLaterError) reply.header('retry-after', String(error.retryAfterSeconds));
      return reply
        .status(error.statusCode)
        .send({ error: { code: error.code, message: error.message, fields: error.fields } });
    }
    const pgCode = (error as { code?: string }).code;
    if (pgCode === '23505') {
      return reply.status(409).send({ error: { code: 'CONFLICT', message: '记录已存在（唯一性冲突）' } });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) {
      const message = `请求内容过大（上限 ${Math.round(BODY_LIMIT / 1024 / 1024)} MB）`;
      return reply.status(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message } });
    }
    if (status && status >= 400 && status < 500) {
      return reply.status(status).send({ error: { code: 'BAD_REQUEST', message: '请求格式不正确' } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试' } });
  });

  // Request rate and latency per route for /metrics (the route's pattern, never the raw URL).
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });

  // Prometheus metrics of this process: a bearer token (JICENG_METRICS_TOKEN), or without one only
  // this machine (a scraper on the host, or a proxy that adds the rule).
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const token = config.metricsToken;
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const allowed = token
      ? given !== undefined && sameSecret(given, token)
      : ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.socket.remoteAddress ?? '');
    if (!allowed) {
      reply.header('www-authenticate', 'Bearer');
      return reply.status(401).type('text/plain; charset=utf-8').send('需要监控令牌\n');
    }
    noStore(reply);
    const text = metrics.render({
      pool: database.poolStats?.(),
      replicas: database.replicas?.status(),
      uptimeSeconds: process.uptime(),
    });
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text);
  });

  // Liveness answers from the process's own state, never waiting behind queued queries (the
  // embedded engine has one connection); it fails once the database was declared dead.
  const healthSchema = {
    tags: ['platform'],
    response: {
      200: z.object({ status: z.literal('ok') }),
      503: z.object({ status: z.literal('unavailable'), reason: z.string() }),
    },
  };
  app.get('/api/health', { config: { access: 'public' }, schema: healthSchema }, async (_request, reply) => {
    noStore(reply);
    const dead = database.guard.dead;
    if (dead) return reply.status(503).send({ status: 'unavailable' as const, reason: withoutPaths(dead) });
    return { status: 'ok' as const };
  });
  // Readiness: the database can write now (data directory, free space, a committed transaction).
  const ready = async (_request: FastifyRequest, reply: FastifyReply) => {
    noStore(reply);
    const timeoutMs = Math.min(config.dbQueryTimeoutSeconds || 5, 5) * 1000;
    const reason = await checkReady(deps.db, database.guard, timeoutMs);
    if (reason)
      return reply.status(503).send({ status: 'unavailable' as const, reason: withoutPaths(reason) });
    return { status: 'ok' as const };
  };
  app.get('/api/health/ready', { config: { access: 'public' }, schema: healthSchema }, ready);
  app.get('/api/ready', { config: { access: 'public' }, schema: healthSchema }, ready);

  await app.register(
    async (api) => {
      for (const mod of modules) {
        if (mod.routes) await api.register(mod.routes);
      }
    },
    { prefix: '/api/v1' },
  );
  for (const mod of modules) {
    if (mod.rootRoutes) await app.register(mod.rootRoutes);
  }

  const serveWeb = options.serveWeb ?? fs.existsSync(path.join(WEB_DIST, 'index.html'));
  if (serveWeb) {
    // Wildcard serving reads the directory per request, so a rebuilt app needs no restart.
    await app.register(fastifyStatic, { root: WEB_DIST, index: 'index.html' });
  }
  app.setNotFoundHandler((request, reply) => {
    // Client-side routes get the app; missing files (e.g. /assets/x.js) stay 404.
    const isPage = !/\.[a-z0-9]+$/i.test(request.url.split('?')[0]);
    if (serveWeb && request.method === 'GET' && !request.url.startsWith('/api') && isPage) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send({ error: { code: 'NOT_FOUND', message: '接口不存在' } });
  });
  return app;
}

/** Health answers are public: the server's directories stay in its own log. */
function withoutPaths(reason: string): string {
  return reason.replace(/\s?(?<![\w.])\/[^\s（）：，"]+\s?/g, '');
}
