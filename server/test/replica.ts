/**
 * A streaming read replica of the test PostgreSQL server on this machine (issue 19): a base backup
 * into a temporary directory, started on a free port as a hot standby. Needs `pg_basebackup` and
 * `postgres` of the server's major version and a `replication` line in the server's pg_hba.conf
 * (`.ci/run` adds it); `replicaUnavailable()` says what is missing, so the test can skip and say why.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { TEST_PG_URL } from './db.ts';

export interface Replica {
  port: number;
  /** The same database on the replica. */
  urlFor(primaryUrl: string): string;
  /** Pause or resume WAL replay (to make the replica fall behind on purpose). */
  pauseReplay(paused: boolean): Promise<void>;
  /** Wait until the replica has replayed everything the primary has written so far. */
  catchUp(): Promise<void>;
  /** Stop the replica at once (as if it crashed): the server and every backend, gone on return. */
  kill(): Promise<void>;
  remove(): void;
}

function serverBin(): string | undefined {
  const { stdout, status } = spawnSync('psql', [TEST_PG_URL, '-Atc', 'show server_version_num'], {
    encoding: 'utf8',
  });
  if (status !== 0) return undefined;
  const major = Math.floor(Number(stdout.trim()) / 10_000);
  const dir = `/usr/lib/postgresql/${major}/bin`;
  return fs.existsSync(path.join(dir, 'pg_basebackup')) ? dir : undefined;
}

/** Why no replica can be built here, or undefined when it can. */
export async function replicaUnavailable(): Promise<string | undefined> {
  if (!serverBin()) return 'pg_basebackup/postgres of the server version not found';
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_hba_file_rules
        where 'replication' = any(database) and (address is null or address = '127.0.0.1')`,
    );
    if (rows[0]!.n === 0) return "the server's pg_hba.conf allows no replication connection from 127.0.0.1";
    const senders = await client.query<{ max_wal_senders: string }>('show max_wal_senders');
    if (Number(senders.rows[0]!.max_wal_senders) < 1) return 'max_wal_senders is 0';
  } finally {
    await client.end();
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const STANDBY_MINIMUMS = [
  'max_connections',
  'max_worker_processes',
  'max_wal_senders',
  'max_prepared_transactions',
  'max_locks_per_transaction',
];

async function primarySettings(): Promise<string[]> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string }>(
      'select name, setting from pg_settings where name = any($1)',
      [STANDBY_MINIMUMS],
    );
    return rows.map((r) => `${r.name} = ${r.setting}`);
  } finally {
    await client.end();
  }
}

/** Commands run as the `postgres` user when this process is root (PostgreSQL refuses root). */
function asOwner(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

export async function startReplica(): Promise<Replica> {
  const bin = serverBin()!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-replica-'));
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(dir, uid, gid);
  }
  const primary = new URL(TEST_PG_URL);
  const [bb, bbArgs] = asOwner(path.join(bin, 'pg_basebackup'), [
    '-h',
    primary.hostname,
    '-p',
    primary.port || '5432',
    '-U',
    primary.username || 'postgres',
    '-D',
    data,
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
  ]);
  execFileSync(bb, bbArgs, { stdio: 'pipe' });
  // Debian keeps the configuration outside the data directory: the standby gets its own.
  const port = await freePort();
  const own = (file: string, text: string) => {
    const [sh, shArgs] = asOwner('sh', ['-c', `cat > '${path.join(data, file)}'`]);
    execFileSync(sh, shArgs, { input: text });
  };
  own(
    'postgresql.conf',
    [
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dir}'`,
      'hot_standby = on',
      // A standby needs at least the primary's values of these.
      ...(await primarySettings()),
      'shared_buffers = 32MB',
      'fsync = off',
      '',
    ].join('\n'),
  );
  own('pg_hba.conf', 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  own('pg_ident.conf', '');
  const [pgCmd, pgArgs] = asOwner(path.join(bin, 'postgres'), ['-D', data]);
  const child = spawn(pgCmd, pgArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (c) => {
    log = (log + c).slice(-4000);
  });
  const url = (db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url('postgres') });
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => undefined);
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`replica did not start: ${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const onReplica = async <T>(sql: string): Promise<T> => {
    const client = new pg.Client({ connectionString: url('postgres') });
    await client.connect();
    try {
      return (await client.query(sql)).rows[0] as T;
    } finally {
      await client.end();
    }
  };
  return {
    port,
    urlFor: (primaryUrl) => url(new URL(primaryUrl).pathname.slice(1)),
    pauseReplay: async (paused) => {
      await onReplica(paused ? 'select pg_wal_replay_pause()' : 'select pg_wal_replay_resume()');
    },
    catchUp: async () => {
      const main = new pg.Client({ connectionString: TEST_PG_URL });
      await main.connect();
      const { rows } = await main.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
      await main.end();
      const until = Date.now() + 30_000;
      for (;;) {
        const row = await onReplica<{ ok: boolean }>(
          `select pg_last_wal_replay_lsn() >= '${rows[0]!.lsn}'::pg_lsn as ok`,
        );
        if (row.ok) return;
        if (Date.now() > until) throw new Error('replica did not catch up in 30 s');
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    kill: async () => {
      // The postmaster and its backends: a backend outlives a killed postmaster for a moment and would
      // still answer a pooled connection, which is not what a crashed replica does.
      const pid = fs.existsSync(path.join(data, 'postmaster.pid'))
        ? Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0])
        : 0;
      const backends =
        pid > 0
          ? spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
              .stdout.split('\n')
              .map(Number)
              .filter((n) => n > 0)
          : [];
      for (const target of [pid, ...backends]) {
        if (target <= 0) continue;
        try {
          process.kill(target, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      if (child.exitCode === null) child.kill('SIGKILL');
      // Gone, or a zombie nobody has reaped yet (PID 1 in a container may never reap it).
      const alive = (n: number) => {
        try {
          return !/^State:\s+[ZX]/m.test(fs.readFileSync(`/proc/${n}/status`, 'utf8'));
        } catch {
          return false;
        }
      };
      const until = Date.now() + 10_000;
      while ([pid, ...backends].some((n) => n > 0 && alive(n)) && Date.now() < until)
        await new Promise((r) => setTimeout(r, 20));
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
