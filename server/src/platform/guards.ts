import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { AppError, ForbiddenError } from './errors.ts';
import { fieldLabel } from './validation.ts';

/**
 * HTTP-level guards that apply to every route: where writes may come from (CSRF), what text
 * the API accepts, and what the request log may show.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(value: string): string | undefined {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * CSRF: a browser write must say where it comes from (`Origin`, else `Referer`), and that must
 * be this server's own origin — scheme, host and port — or one configured in
 * `JICENG_ALLOWED_ORIGINS`. The own origin is `JICENG_PUBLIC_ORIGIN`, else the request's scheme
 * and Host (Fastify reads `X-Forwarded-Proto`/`-Host` only with `JICENG_TRUST_PROXY`). With
 * Secure cookies the browser only ever speaks https, so the scheme is https even when a TLS proxy
 * forwards plain http. Routes authenticated by an API key (no cookies) are exempt.
 */
export function checkRequestOrigin(request: FastifyRequest, config: Config): void {
  if (SAFE_METHODS.has(request.method) || request.routeOptions.config.apiKeyAuth) return;
  const claimed = request.headers.origin ?? request.headers.referer;
  if (!claimed) {
    throw new ForbiddenError('请求缺少来源信息（Origin 或 Referer），已拦截', 'CSRF_REJECTED');
  }
  const origin = originOf(claimed);
  const scheme = config.secureCookies ? 'https' : request.protocol;
  const own = originOf(config.publicOrigin ?? `${scheme}://${request.host}`);
  const allowed =
    origin !== undefined &&
    (origin === own || config.allowedOrigins.some((entry) => originOf(entry) === origin));
  if (!allowed) throw new ForbiddenError('请求来源不被信任（跨站请求已拦截）', 'CSRF_REJECTED');
}

/** 400 for text the database must never see: NUL, lone surrogates, bytes that are not UTF-8. */
export class InvalidTextError extends AppError {
  constructor(field: string, message: string) {
    super(400, 'INVALID_TEXT', message, { [field]: message });
  }
}

type TextProblem = 'nul' | 'surrogate' | 'encoding';

function describeProblem(label: string, problem: TextProblem): string {
  if (problem === 'nul') return `${label}含有空字符（U+0000），请删除后重试`;
  if (problem === 'surrogate') return `${label}含有无效的字符（不成对的 UTF-16 代理项）`;
  return `${label}不是有效的 UTF-8 文本`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function problemIn(text: string): TextProblem | undefined {
  if (text.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(text)) return 'surrogate';
  return undefined;
}

/** The first string (object keys included) under `value` that is not clean text, with its path. */
function findBadText(
  value: unknown,
  path: (string | number)[],
  test: (text: string) => TextProblem | undefined,
): { path: (string | number)[]; problem: TextProblem } | undefined {
  if (typeof value === 'string') {
    const problem = test(value);
    return problem ? { path, problem } : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBadText(value[i], [...path, i], test);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [key, inner] of Object.entries(value)) {
      const keyProblem = test(key);
      if (keyProblem) return { path: [...path, key], problem: keyProblem };
      const found = findBadText(inner, [...path, key], test);
      if (found) return found;
    }
  }
  return undefined;
}

function rejectAt(request: FastifyRequest, path: (string | number)[], problem: TextProblem): never {
  const label = fieldLabel(path, request.routeOptions.config.fieldLabels);
  throw new InvalidTextError(path.join('.') || '_', describeProblem(label, problem));
}

/**
 * Runs before validation on every route: params, query and body carry no NUL and no lone
 * surrogate (PostgreSQL refuses the first, and would store the second as U+FFFD); a PATCH that
 * changes nothing is refused.
 */
export function checkRequestText(request: FastifyRequest): void {
  const query = request.url.indexOf('?');
  if (query >= 0) {
    const field = findBadPercentEncoding(request.url.slice(query + 1).split('#')[0] ?? '');
    if (field !== undefined) rejectAt(request, field ? [field] : [], 'encoding');
  }
  for (const part of [request.params, request.query, request.body]) {
    const found = findBadText(part, [], problemIn);
    if (found) rejectAt(request, found.path, found.problem);
  }
  const body = request.body;
  if (
    request.method === 'PATCH' &&
    request.routeOptions.schema?.body &&
    body !== null &&
    typeof body === 'object' &&
    !Array.isArray(body) &&
    !Buffer.isBuffer(body) &&
    Object.values(body).every((v) => v === undefined)
  ) {
    throw new AppError(400, 'EMPTY_UPDATE', '没有要修改的内容');
  }
}

/**
 * The first field of an `a=b&c=d` string whose percent-encoding is not UTF-8 (parsers would turn
 * it into U+FFFD): its name ('' when the name itself is broken), or undefined when all is well.
 */
export function findBadPercentEncoding(encoded: string): string | undefined {
  for (const pair of encoded.split('&')) {
    const [rawName = '', rawValue = ''] = pair.split('=', 2);
    let name: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      return '';
    }
    try {
      decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      return name;
    }
  }
  return undefined;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const LENIENT_UTF8 = new TextDecoder('utf-8');

/**
 * The JSON body parser: bytes that are not UTF-8 are refused (Fastify's own parser turns them
 * into U+FFFD), and so are `__proto__` and `constructor.prototype` keys (as Fastify does).
 */
export function parseJsonBody(request: FastifyRequest, raw: Buffer): unknown {
  if (raw.length === 0) {
    throw new AppError(400, 'BAD_REQUEST', '请求内容为空，但声明为 JSON');
  }
  let text: string;
  try {
    text = STRICT_UTF8.decode(raw);
  } catch {
    // Name the field: the first string that holds a replacement character after lenient decoding.
    const found = (() => {
      try {
        return findBadText(JSON.parse(LENIENT_UTF8.decode(raw)), [], (s) =>
          s.includes('\uFFFD') ? 'encoding' : undefined,
        );
      } catch {
        return undefined;
      }
    })();
    return rejectAt(request, found?.path ?? [], 'encoding');
  }
  try {
    return JSON.parse(text, (key, value) => {
      if (key === '__proto__') throw new Error('proto');
      if (key === 'constructor' && value && typeof value === 'object' && 'prototype' in value) {
        throw new Error('proto');
      }
      return value;
    });
  } catch {
    throw new AppError(400, 'BAD_REQUEST', '请求内容不是有效的 JSON');
  }
}

const SECRET_PARAM = /([?&;](?:api[_-]?key|token|access[_-]?token|password|passwd|secret)=)[^&#;]*/gi;

/** Seven or more digits in a query: an ID number (with its check character) or a phone number. */
const LONG_NUMBER = /\d{7,}[\dXx]?/g;

/**
 * The URL as the request log shows it: API keys, tokens and passwords in the query replaced, and
 * so are ID and phone numbers (an exact search puts one in `?q=`).
 */
export function redactUrl(url: string): string {
  const redacted = url.replace(SECRET_PARAM, '$1[REDACTED]');
  const query = redacted.indexOf('?');
  if (query < 0) return redacted;
  return redacted.slice(0, query) + redacted.slice(query).replace(LONG_NUMBER, '[REDACTED]');
}
