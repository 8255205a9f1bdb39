import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Executor } from './db.ts';
import { AppError } from './errors.ts';

/**
 * Request limits in fixed windows, counted in the database so that every app process shares
 * them (security.md AS-07). One atomic upsert per counted request: the count it returns already
 * includes this request, so N concurrent requests never let more than the limit through.
 */
export interface RateLimitHit {
  /** Requests counted in the current window, this one included. */
  hits: number;
  limited: boolean;
  /** Seconds until the window ends (the `Retry-After` value). */
  retryAfterSeconds: number;
}

export type RateLimitBucket = 'login' | 'session' | 'api_key' | 'ip';

/** 429 with `Retry-After`; the HTTP error handlers copy `retryAfterSeconds` into the header. */
export class RateLimitedError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message = `请求过于频繁，请 ${retryAfterSeconds} 秒后再试`,
  ) {
    super(429, 'RATE_LIMITED', message);
  }
}

let lastCleanup = 0;

export async function hitRateLimit(
  db: Executor,
  bucket: RateLimitBucket,
  key: string,
  limit: number,
  windowSeconds: number,
  now: Date,
): Promise<RateLimitHit> {
  const windowMs = Math.max(1, windowSeconds) * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  // A later window restarts the count; an earlier one (another process's clock a little behind)
  // counts into the current window.
  const { rows } = await sql<{ hits: number; windowStart: Date }>`
    insert into rate_limits (bucket, key, window_start, hits)
    values (${bucket}, ${key}, ${windowStart}, 1)
    on conflict (bucket, key) do update set
      hits = case when excluded.window_start > rate_limits.window_start then 1 else rate_limits.hits + 1 end,
      window_start = greatest(rate_limits.window_start, excluded.window_start)
    returning hits, window_start`.execute(db);
  const row = rows[0]!;
  const ends = new Date(row.windowStart).getTime() + windowMs;
  // Stale counters go at most once a minute per process (an indexed range delete).
  if (now.getTime() - lastCleanup > 60_000) {
    lastCleanup = now.getTime();
    const stale = new Date(now.getTime() - Math.max(windowMs, 86_400_000));
    await db.deleteFrom('rateLimits').where('windowStart', '<', stale).execute();
  }
  return {
    hits: Number(row.hits),
    limited: Number(row.hits) > limit,
    retryAfterSeconds: Math.max(1, Math.ceil((ends - now.getTime()) / 1000)),
  };
}

/**
 * Count this request against the caller's limit (per session, per API key or per client IP);
 * over the limit → 429 with `Retry-After`. A limit of 0 turns the bucket off. The counter is
 * protection, not data: if it cannot be written the request goes on and the failure is logged.
 */
export async function enforceRateLimit(
  request: FastifyRequest,
  bucket: Exclude<RateLimitBucket, 'login'>,
  key: string,
): Promise<void> {
  const { config, db, clock } = request.server.deps;
  const limits = config.rateLimits;
  const limit =
    bucket === 'session' ? limits.perSession : bucket === 'api_key' ? limits.perApiKey : limits.perIp;
  if (limit <= 0) return;
  let hit: RateLimitHit;
  try {
    hit = await hitRateLimit(db, bucket, key, limit, limits.windowSeconds, clock.now());
  } catch (error) {
    request.log.warn({ err: error }, 'rate limit counter unavailable');
    return;
  }
  if (hit.limited) throw new RateLimitedError(hit.retryAfterSeconds);
}
