import { sql } from 'kysely';
import { type VerifyOptions, verifyAuditChain } from '../modules/audit/audit.service.ts';
import { type RollupRow, recountRollups, storedRollups } from '../modules/members/rollups.ts';
import { type OrgRollupRow, recountOrgRollups, storedOrgRollups } from '../modules/orgs/rollups.ts';
import type { Executor } from '../platform/db.ts';

/**
 * `jiceng doctor` and the test suite's consistency check (ADR 0010): the organization tree's
 * paths, the rollups against a full recount, and the audit chain. Read-only.
 */
export interface ConsistencyCheck {
  /** Stable name for tests and scripts. */
  name: 'org_paths' | 'org_depths' | 'member_rollups' | 'org_rollups' | 'audit_chain';
  /** What was checked, in Chinese. */
  label: string;
  ok: boolean;
  /** How many rows were checked. */
  checked: number;
  /** How many problems were found. */
  problems: number;
  /** The first few problems, in Chinese. */
  examples: string[];
}

export interface ConsistencyReport {
  ok: boolean;
  checks: ConsistencyCheck[];
}

const EXAMPLES = 5;

function check(
  name: ConsistencyCheck['name'],
  label: string,
  checked: number,
  problems: number,
  examples: string[],
): ConsistencyCheck {
  return { name, label, ok: problems === 0, checked, problems, examples: examples.slice(0, EXAMPLES) };
}

async function orgCount(db: Executor): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from orgs`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Every path is the parent's path plus the organization's own id (a root: just its id). */
async function checkPaths(db: Executor, total: number): Promise<ConsistencyCheck> {
  const { rows } = await sql<{ id: number; code: string; path: string; expected: string | null }>`
    select c.id, c.code, c.path,
           case when c.parent_id is null then '/' || c.id || '/' else p.path || c.id || '/' end as expected
      from orgs c
      left join orgs p on p.id = c.parent_id
     where c.path is distinct from
           (case when c.parent_id is null then '/' || c.id || '/' else p.path || c.id || '/' end)
     order by c.id`.execute(db);
  return check(
    'org_paths',
    '组织路径与上级组织路径一致',
    total,
    rows.length,
    rows.map(
      (r) =>
        `组织“${r.code}”（id ${r.id}）路径为 ${r.path}，按上级组织应为 ${r.expected ?? '（上级组织不存在）'}`,
    ),
  );
}

/** The depth stored beside the path (a copy of it) agrees with the path. */
async function checkDepths(db: Executor, total: number): Promise<ConsistencyCheck> {
  const { rows } = await sql<{ id: number; code: string; depth: number; expected: number }>`
    select id, code, depth, array_length(string_to_array(trim(both '/' from path), '/'), 1) - 1 as expected
      from orgs
     where depth <> array_length(string_to_array(trim(both '/' from path), '/'), 1) - 1
     order by id`.execute(db);
  return check(
    'org_depths',
    '组织层级深度与路径一致',
    total,
    rows.length,
    rows.map((r) => `组织“${r.code}”（id ${r.id}）层级深度为 ${r.depth}，按路径应为 ${r.expected}`),
  );
}

type Row = RollupRow | OrgRollupRow;

function diffRollups(stored: Row[], recount: Row[], what: string): { problems: number; examples: string[] } {
  const key = (r: Row) => `${r.orgId}|${r.dim}|${r.bucket}`;
  const want = new Map(recount.map((r) => [key(r), r]));
  const have = new Map(stored.map((r) => [key(r), r]));
  const examples: string[] = [];
  let problems = 0;
  for (const k of new Set([...want.keys(), ...have.keys()])) {
    const w = want.get(k)?.n ?? 0;
    const h = have.get(k)?.n ?? 0;
    if (w === h) continue;
    problems += 1;
    if (examples.length < EXAMPLES) {
      const r = (want.get(k) ?? have.get(k))!;
      examples.push(`组织 id ${r.orgId} 的${what}（${r.dim} = ${r.bucket}）记为 ${h}，重新统计为 ${w}`);
    }
  }
  return { problems, examples };
}

/** Run every check. `problems` of a check is 0 when it holds. */
/**
 * `audit` carries the chain key and the checkpoint file; without a key (tests of paths and rollups
 * on a database whose audit rows were written without one) the audit chain is not checked.
 */
export async function checkConsistency(db: Executor, audit: VerifyOptions = {}): Promise<ConsistencyReport> {
  const total = await orgCount(db);
  const checks: ConsistencyCheck[] = [await checkPaths(db, total), await checkDepths(db, total)];
  const memberRecount = await recountRollups(db);
  const members = diffRollups(await storedRollups(db), memberRecount, '党员统计');
  checks.push(
    check(
      'member_rollups',
      '党员统计（member_rollups）与重新统计一致',
      memberRecount.length,
      members.problems,
      members.examples,
    ),
  );
  const orgRecount = await recountOrgRollups(db);
  const orgs = diffRollups(await storedOrgRollups(db), orgRecount, '组织统计');
  checks.push(
    check(
      'org_rollups',
      '组织统计（org_rollups）与重新统计一致',
      orgRecount.length,
      orgs.problems,
      orgs.examples,
    ),
  );
  if (audit.key) {
    const chain = await verifyAuditChain(db, audit);
    checks.push(
      check(
        'audit_chain',
        '审计日志哈希链与检查点完整',
        chain.checked,
        chain.ok ? 0 : 1,
        chain.brokenAt ? [`审计日志：${describeChainProblem(chain.brokenAt)}`] : [],
      ),
    );
  }
  return { ok: checks.every((c) => c.ok), checks };
}

/** The report `jiceng doctor` prints. */
export function formatConsistencyReport(report: ConsistencyReport): string {
  const lines = ['基层数据一致性检查'];
  for (const c of report.checks) {
    if (c.ok) {
      lines.push(`  ✓ ${c.label}：已检查 ${c.checked} 项，未发现问题`);
      continue;
    }
    lines.push(`  ✗ ${c.label}：已检查 ${c.checked} 项，发现 ${c.problems} 处问题，例如：`);
    for (const e of c.examples) lines.push(`      - ${e}`);
  }
  const failed = report.checks.filter((c) => !c.ok).length;
  lines.push(failed === 0 ? '结论：全部检查通过' : `结论：${failed} 项检查未通过，请联系系统管理员处理`);
  return lines.join('\n');
}

/** One audit chain problem in Chinese (`jiceng audit verify` and `jiceng doctor`). */
export function describeChainProblem(at: { id: number; problem: string } | null): string {
  switch (at?.problem) {
    case 'modified':
      return `第 ${at.id} 条内容被篡改或链被重新计算`;
    case 'link_broken':
      return `第 ${at.id} 条的前一条记录缺失或被改动`;
    case 'truncated':
      return `检查点记录的第 ${at.id} 条已不存在：日志末尾的记录被删除`;
    case 'anchor_invalid':
      return '检查点文件中有签名无效的记录（检查点被改动）';
    default:
      return '未知问题';
  }
}
