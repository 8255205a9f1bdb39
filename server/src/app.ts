import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
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
import { AppError, ForbiddenError, UnauthorizedError } from './platform/errors.ts';
import type { Access, Deps } from './platform/http.ts';
import { auditContextOf } from './platform/http.ts';
import { PERMISSIONS } from './platform/permissions.ts';
import { loadSession, SESSION_COOKIE } from './platform/session.ts';
import { describeIssueWith } from './platform/validation.ts';

export interface AppOptions {
  database: Database;
  config: Config;
  secret: Buffer;
  clock?: Clock;
  /** Serve the built web app from web/dist (default: when it exists). */
  serveWeb?: boolean;
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
const ACCESS_VALUES = new Set<string>(['public', 'session', 'authenticated', ...PERMISSIONS]);

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    },
    genReqId: () => randomUUID(),
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
  });
  const deps: Deps = {
    database,
    db: database.db,
    config,
    clock: options.clock ?? systemClock,
    crypto: createFieldCrypto(options.secret),
    auditKey: deriveAuditChainKey(options.secret),
  };
  app.decorate('deps', deps);
  app.decorate('routeRecords', [] as RouteRecord[]);
  app.decorateRequest('actor', null);
  app.decorateRequest('pending', null);
  app.decorateRequest('audited', false);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Deny by default: every API route declares who may call it, or the app does not start.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs') || !route.url.startsWith('/api')) {
      route.config = { ...(route.config ?? {}), access: 'public' };
      return;
    }
    const access = route.config?.access;
    if (!access || !ACCESS_VALUES.has(access)) {
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
      info: { title: 'Jiceng 基层 API', version: '1', description: '党建引领基层治理平台接口' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // CSRF: SameSite=Lax cookies plus an Origin (or Referer) check on every non-GET request.
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    const origin = request.headers.origin ?? refererOrigin(request.headers.referer);
    if (!origin) return;
    const host = request.headers['x-forwarded-host'] ?? request.headers.host;
    const allowed = config.allowedOrigins.includes(origin) || sameHost(origin, String(host ?? ''));
    if (!allowed) throw new ForbiddenError('请求来源不被信任（跨站请求已拦截）', 'CSRF_REJECTED');
  });

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

  // Every write is audited: handlers record success inside their transaction; refusals and
  // failures that never reached a handler are recorded here.
  app.addHook('onResponse', async (request, reply) => {
    if (SAFE_METHODS.has(request.method) || request.audited) return;
    if (!request.url.startsWith('/api/')) return;
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
    if (error instanceof AppError) {
      return reply
        .status(error.statusCode)
        .send({ error: { code: error.code, message: error.message, fields: error.fields } });
    }
    const pgCode = (error as { code?: string }).code;
    if (pgCode === '23505') {
      return reply.status(409).send({ error: { code: 'CONFLICT', message: '记录已存在（唯一性冲突）' } });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.status(status).send({ error: { code: 'BAD_REQUEST', message: '请求格式不正确' } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试' } });
  });

  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['platform'],
        response: { 200: z.object({ status: z.literal('ok') }), 503: z.object({ status: z.string() }) },
      },
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(deps.db);
        return { status: 'ok' as const };
      } catch {
        return reply.status(503).send({ status: 'unavailable' });
      }
    },
  );

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

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'invalid';
  }
}

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
