/**
 * Write throughput on PostgreSQL (issue 19): 20 concurrent writers spread over two app instances on
 * one database, doing what offices do all day — register members, plan and record meetings, take a
 * request at the desk and settle it — each an audited action in its own transaction. Measured with
 * the audit chain as deployed (ADR 0006/0011: one advisory lock serializes every audited write) and
 * without it (the same rows, the chain's lock and head lookup replaced in this scratch database
 * only), so the chain's share shows.
 */
import pg from 'pg';
import { login, type ServerHandle, startServer } from './lib/server.ts';
import { type BenchRow, row } from './lib/stats.ts';

export const WRITERS = 20;

interface Target {
  url: string;
  branch: string;
  community: string;
}

interface Places {
  branchOrgId: number;
  /** Another branch under the community, where members are registered (so the meetings' rosters stay put). */
  memberOrgId: number;
  communityOrgId: number;
  categoryId: number;
}

function idNumber(index: number): string {
  // A region code the demo never uses (710000: Taiwan, valid in GB 11643) and a birth date per
  // thousand, so created members never collide with the demo's or with each other.
  const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(index / 500) * 86_400_000);
  const date = birth.toISOString().slice(0, 10).replace(/-/g, '');
  const body = `710000${date}${String((index % 500) * 2 + 1).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11];
}

async function post(url: string, cookie: string, method: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method,
    headers: { cookie, 'content-type': 'application/json', origin: new URL(url).origin },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

type Kind = 'member' | 'meeting' | 'request';

/** Writes that failed (counted, the first message kept): the run goes on. */
const errors: { count: number; first?: string } = { count: 0 };

/** One writer's loop until `until`; returns the successful HTTP writes. */
async function writer(
  kind: Kind,
  t: Target,
  places: Places,
  seq: { next: number },
  until: number,
): Promise<number> {
  const api = `${t.url}/api/v1`;
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  let done = 0;
  while (Date.now() < until) {
    try {
      if (kind === 'member') {
        const n = seq.next++;
        await post(`${api}/orgs/${places.memberOrgId}/members`, t.community, 'POST', {
          name: `压测${n}`,
          idNumber: idNumber(n),
          joinedOn: '2010-07-01',
          fullOn: '2011-07-01',
          category: 'in_service',
          status: 'full',
        });
        done += 1;
      } else if (kind === 'meeting') {
        const planned = (await post(`${api}/orgs/${places.branchOrgId}/meetings`, t.branch, 'POST', {
          typeCode: 'theme_day',
          topic: '压测主题党日',
          plannedOn: today,
          place: '党群服务中心',
          hostName: '陈书记',
          recorderName: '王委员',
        })) as { data: { id: number } };
        // The roster the page loads before recording (a read, not counted).
        const roster = (await (
          await fetch(`${api}/org-life/meetings/${planned.data.id}/roster`, { headers: { cookie: t.branch } })
        ).json()) as { data: { expected: { memberId: number }[] } };
        await post(`${api}/org-life/meetings/${planned.data.id}/record`, t.branch, 'PUT', {
          heldOn: today,
          minutes: '学习讨论。',
          attendance: roster.data.expected.map((e) => ({ memberId: e.memberId, status: 'present' })),
          resolutions: [],
        });
        done += 2;
      } else {
        const req = (await post(
          `${api}/orgs/${places.communityOrgId}/service-requests`,
          t.community,
          'POST',
          {
            categoryId: places.categoryId,
            title: '开具证明',
            description: '窗口办理居住证明',
            source: 'service_desk',
            contactName: '王阿姨',
          },
        )) as { data: { id: number } };
        await post(`${api}/service-requests/${req.data.id}/resolve-on-spot`, t.community, 'POST', {
          resolution: '现场开具证明',
        });
        done += 2;
      }
    } catch (error) {
      errors.count += 1;
      errors.first ??= error instanceof Error ? error.message : String(error);
    }
  }
  return done;
}

/** Replaces the chain's lock and head lookup for the "without" run; returns how to put them back. */
async function unchain(client: pg.Client): Promise<() => Promise<void>> {
  const defs = await client.query<{ def: string }>(
    `select pg_get_functiondef(p.oid) as def from pg_proc p
      where p.proname in ('audit_log_claim', 'audit_log_chain') and p.pronamespace = current_schema()::regnamespace`,
  );
  await client.query(`
    create or replace function audit_log_claim(out id bigint, out prev_hash text)
    language plpgsql volatile as $fn$
    begin id := nextval('audit_log_seq'); prev_hash := repeat('0', 64); end $fn$;
    create or replace function audit_log_chain() returns trigger language plpgsql as $fn$
    begin return new; end $fn$;`);
  return async () => {
    for (const d of defs.rows) await client.query(d.def);
  };
}

async function auditCount(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>('select max(id) as n from audit_log');
  return Number(rows[0]?.n ?? 0);
}

async function run(
  targets: Target[],
  places: Places,
  client: pg.Client,
  seconds: number,
  seq: { next: number },
): Promise<{ writes: number; audited: number; perSecond: number; auditedPerSecond: number }> {
  const before = await auditCount(client);
  const start = performance.now();
  const until = Date.now() + seconds * 1000;
  const kinds: Kind[] = ['member', 'meeting', 'request'];
  const results = await Promise.all(
    Array.from({ length: WRITERS }, (_, i) =>
      writer(kinds[i % 3]!, targets[i % targets.length]!, places, seq, until),
    ),
  );
  const elapsed = (performance.now() - start) / 1000;
  const writes = results.reduce((a, b) => a + b, 0);
  const audited = (await auditCount(client)) - before;
  return { writes, audited, perSecond: writes / elapsed, auditedPerSecond: audited / elapsed };
}

/** The write scenario on a PostgreSQL dataset (the demo district is already built in it). */
export async function measureWrites(
  ds: { dataDir: string; databaseUrl?: string },
  p: string,
  rows: BenchRow[],
  options: { seconds: number; log: (line: string) => void },
): Promise<void> {
  if (!ds.databaseUrl) throw new Error('the write scenario runs on PostgreSQL only');
  const client = new pg.Client({ connectionString: ds.databaseUrl });
  await client.connect();
  const servers: ServerHandle[] = [];
  try {
    for (let i = 0; i < 2; i++)
      servers.push(await startServer({ dataDir: ds.dataDir, databaseUrl: ds.databaseUrl }));
    const orgOf = async (username: string) =>
      (
        await client.query<{ org_id: number }>(
          `select g.org_id from role_grants g join users u on u.id = g.user_id where u.username = $1 limit 1`,
          [username],
        )
      ).rows[0]!.org_id;
    const { rows: cats } = await client.query<{ id: number }>(
      'select id from service_request_categories where active order by sort_order, id limit 1',
    );
    const branchOrgId = await orgOf('branch');
    const communityOrgId = await orgOf('community');
    const { rows: others } = await client.query<{ id: number }>(
      `select id from orgs where parent_id = $1 and kind = 'branch' and status = 'active' and id <> $2
        order by id limit 1`,
      [communityOrgId, branchOrgId],
    );
    const places: Places = {
      branchOrgId,
      memberOrgId: others[0]?.id ?? communityOrgId,
      communityOrgId,
      categoryId: cats[0]!.id,
    };
    const targets: Target[] = [];
    for (const s of servers) {
      targets.push({
        url: s.url,
        branch: await login(s.url, 'branch'),
        community: await login(s.url, 'community'),
      });
    }
    const seq = { next: 0 };
    // Warm-up (JIT, pools, plans) before anything is timed.
    await run(targets, places, client, 3, seq);
    options.log(`${p}: ${WRITERS} writers over 2 instances, audit chain on`);
    const chained = await run(targets, places, client, options.seconds, seq);
    options.log(`${p}: the same without the audit chain's lock`);
    const restore = await unchain(client);
    let free: Awaited<ReturnType<typeof run>>;
    try {
      free = await run(targets, places, client, options.seconds, seq);
    } finally {
      await restore();
    }
    if (errors.first) options.log(`${p}: ${errors.count} failed writes, first: ${errors.first}`);
    rows.push(row(`${p}.writes.writers`, WRITERS, 'clients'));
    rows.push(row(`${p}.writes.failed`, errors.count, 'requests', { op: '<=', limit: 0 }));
    rows.push(row(`${p}.writes.chained.http-writes`, chained.perSecond, 'req/s'));
    rows.push(
      row(`${p}.writes.chained.audited-writes`, chained.auditedPerSecond, 'rows/s', { op: '>=', limit: 300 }),
    );
    rows.push(row(`${p}.writes.unchained.http-writes`, free.perSecond, 'req/s'));
    rows.push(row(`${p}.writes.unchained.audited-writes`, free.auditedPerSecond, 'rows/s'));
    rows.push(row(`${p}.writes.chain-cost`, free.auditedPerSecond / chained.auditedPerSecond, '×'));
  } finally {
    for (const s of servers) await s.stop();
    await client.end();
  }
}
