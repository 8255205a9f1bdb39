import { AsyncLocalStorage } from 'node:async_hooks';
import pg, { type Pool, type PoolClient } from 'pg';

/**
 * Read replicas (issue 19, ADR 0014). With `DATABASE_READ_URL` set, the plain reads of a GET request
 * (a SELECT outside a transaction) go to a replica that is up, close enough behind the primary, and
 * has replayed the caller's own last write; everything else — writes, transactions, reads of other
 * methods, reads when no replica qualifies — goes to the primary. No per-process state decides
 * correctness: the caller's last write travels in a cookie (its WAL position), and a replica's
 * position is asked of the replica itself every `pollMs`.
 */

/** What the current request allows: set per request by the app (`readRouting.run`). */
export interface ReadRoute {
  /** A GET/HEAD request: its plain reads may go to a replica. */
  replicaOk: boolean;
  /** The caller's last write (pg_lsn text): a replica must have replayed at least this. */
  minLsn?: string;
  /** Set when a query of this request went to a replica (for tests and the `x-read-from` header). */
  servedBy?: string;
}

export const readRouting = new AsyncLocalStorage<ReadRoute>();

/** Cookie carrying the WAL position of the caller's last write (read-your-writes across instances). */
export const LSN_COOKIE = 'jiceng_lsn';

/** pg_lsn text ("16/B374D848") as a number that orders correctly. */
export function lsnValue(lsn: string): bigint {
  const [hi, lo] = lsn.split('/');
  if (!hi || !lo || !/^[0-9A-F]+$/i.test(hi) || !/^[0-9A-F]+$/i.test(lo)) return -1n;
  return (BigInt(`0x${hi}`) << 32n) | BigInt(`0x${lo}`);
}

interface ReplicaState {
  name: string;
  pool: Pool;
  up: boolean;
  /** Last replayed WAL position. */
  replayLsn: bigint;
  /** How far behind: 0 when everything received is replayed, else the age of the last replay. */
  lagMs: number;
  checkedAt: number;
  error?: string;
}

export interface ReplicaStatus {
  name: string;
  up: boolean;
  lagMs: number;
  replayLsn: string;
  error?: string;
}

export class ReplicaSet {
  private readonly replicas: ReplicaState[];
  private timer: NodeJS.Timeout | undefined;
  private next = 0;

  constructor(
    urls: string[],
    private readonly options: { maxLagMs: number; pollMs: number; poolSize?: number },
  ) {
    this.replicas = urls.map((url, i) => {
      const pool = new pg.Pool({
        connectionString: url,
        max: options.poolSize ?? 10,
        connectionTimeoutMillis: 2_000,
      });
      // A replica that goes away ends idle connections: noticed by the next poll, never fatal.
      pool.on('error', () => undefined);
      // …and so do connections in use when it goes: the query in flight fails (and is retried on the
      // primary), the connection's own 'error' event must not end the process.
      pool.on('connect', (client) => client.on('error', () => undefined));
      return {
        name: `replica${i + 1}`,
        pool,
        up: false,
        replayLsn: -1n,
        lagMs: Number.POSITIVE_INFINITY,
        checkedAt: 0,
      };
    });
  }

  get size(): number {
    return this.replicas.length;
  }

  /** Ask every replica where it stands; called every pollMs once started. */
  async poll(): Promise<void> {
    await Promise.all(
      this.replicas.map(async (r) => {
        try {
          const { rows } = await r.pool.query<{
            recovery: boolean;
            lsn: string | null;
            lag: number;
            caught: boolean;
          }>(
            `select pg_is_in_recovery() as recovery,
                    pg_last_wal_replay_lsn()::text as lsn,
                    coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp()) * 1000, 0)::float8 as lag,
                    coalesce(pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn(), false) as caught`,
          );
          const row = rows[0]!;
          if (!row.recovery || !row.lsn) throw new Error('不是只读副本');
          r.up = true;
          r.replayLsn = lsnValue(row.lsn);
          r.lagMs = row.caught ? 0 : Math.max(0, row.lag);
          r.error = undefined;
        } catch (error) {
          r.up = false;
          r.error = error instanceof Error ? error.message : String(error);
        }
        r.checkedAt = Date.now();
      }),
    );
  }

  start(): void {
    if (this.timer) return;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.options.pollMs);
    this.timer.unref();
  }

  /** A replica for a read that needs at least `minLsn`, or undefined (read the primary). */
  pick(minLsn?: string): ReplicaState | undefined {
    const need = minLsn ? lsnValue(minLsn) : -1n;
    const fresh = Date.now() - Math.max(this.options.pollMs * 3, 1_000);
    const ok = this.replicas.filter(
      (r) => r.up && r.checkedAt >= fresh && r.lagMs <= this.options.maxLagMs && r.replayLsn >= need,
    );
    if (ok.length === 0) return undefined;
    this.next = (this.next + 1) % ok.length;
    return ok[this.next];
  }

  /** A replica was found failing in a query: out until the next poll says otherwise. */
  markDown(state: ReplicaState, error: unknown): void {
    state.up = false;
    state.error = error instanceof Error ? error.message : String(error);
  }

  status(): ReplicaStatus[] {
    return this.replicas.map((r) => ({
      name: r.name,
      up: r.up,
      lagMs: Number.isFinite(r.lagMs) ? Math.round(r.lagMs) : -1,
      replayLsn:
        r.replayLsn < 0n
          ? ''
          : `${(r.replayLsn >> 32n).toString(16).toUpperCase()}/${(r.replayLsn & 0xffffffffn).toString(16).toUpperCase()}`,
      ...(r.error ? { error: r.error } : {}),
    }));
  }

  async end(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.replicas.map((r) => r.pool.end().catch(() => undefined)));
  }
}

/**
 * A plain read: a SELECT (or WITH … SELECT) that locks nothing, writes nothing and calls nothing
 * with an effect (sequences, advisory locks, settings, notifications).
 */
export function isPlainRead(text: string): boolean {
  const t = text.trimStart().toLowerCase();
  if (!t.startsWith('select') && !t.startsWith('with')) return false;
  if (/\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b/.test(t)) return false;
  if (
    /\b(nextval|setval|pg_advisory\w*|pg_try_advisory\w*|set_config|pg_notify|txid_current|pg_current_wal\w*)\s*\(/.test(
      t,
    )
  )
    return false;
  return !(t.startsWith('with') && /\b(insert|update|delete|merge)\b/.test(t));
}

type QueryArgs = [unknown, ...unknown[]];

/**
 * The pool Kysely uses when replicas are configured. Each connection decides where it goes on its
 * first statement: a plain read in a GET request to a qualifying replica, anything else (BEGIN of a
 * transaction, a write) to the primary. A replica that fails the read is marked down and the read
 * runs again on the primary, so a replica going away costs one slow read, never an error.
 */
export function routedPool(primary: Pool, replicas: ReplicaSet): Pool {
  return {
    end: () => primary.end(),
    connect: async () => {
      let target: { client: PoolClient; replica?: ReturnType<ReplicaSet['pick']> } | undefined;
      const bind = async (text: string) => {
        const route = readRouting.getStore();
        const replica = route?.replicaOk && isPlainRead(text) ? replicas.pick(route.minLsn) : undefined;
        if (replica) {
          try {
            target = { client: await replica.pool.connect(), replica };
            if (route) route.servedBy = replica.name;
            return;
          } catch (error) {
            replicas.markDown(replica, error);
          }
        }
        target = { client: await primary.connect() };
      };
      const proxy = {
        query: async (...args: QueryArgs) => {
          if (
            !target &&
            typeof args[0] !== 'string' &&
            typeof (args[0] as { read?: unknown }).read === 'function'
          )
            throw new Error('routedPool: streaming queries (cursors) are not routed; use a plain query');
          const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string }).text ?? '');
          if (!target) await bind(text);
          const current = target!;
          if (!current.replica) return (current.client.query as (...a: unknown[]) => unknown)(...args);
          try {
            return await (current.client.query as (...a: unknown[]) => Promise<unknown>)(...args);
          } catch (error) {
            // Only a connection-level failure moves the read; a query error is the query's.
            if ((error as { code?: string }).code && !/^(08|57P)/.test((error as { code: string }).code))
              throw error;
            replicas.markDown(current.replica, error);
            current.client.release(true);
            const route = readRouting.getStore();
            if (route) route.servedBy = undefined;
            target = { client: await primary.connect() };
            return (target.client.query as (...a: unknown[]) => unknown)(...args);
          }
        },
        release: (destroy?: boolean | Error) => {
          target?.client.release(destroy);
          target = undefined;
        },
      };
      return proxy as unknown as PoolClient;
    },
  } as unknown as Pool;
}
