import type { Actor } from '../../platform/actor.ts';
import { authorize } from '../../platform/actor.ts';
import type { Executor, Trx } from '../../platform/db.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { AuditFn } from '../../platform/http.ts';
import { sourceInWords } from '../../platform/provenance.contract.ts';
import type { OrgRow } from '../orgs/index.ts';
import { ACTIVE_STATUSES } from './members.contract.ts';
import {
  type AddRuleVersionBody,
  type EffectiveRule,
  RULE_KEY_VALUES,
  RULE_LABELS,
  type RuleKeyValue,
  type RuleVersion,
} from './rules.contract.ts';
import {
  type CategoryItem,
  newestAtLevel,
  orgIdsOf,
  type RuleKey,
  type RuleVersionRow,
  resolveRule,
  ruleVersionsOnPath,
} from './rules.ts';

export interface RulesActionContext {
  trx: Trx;
  audit: AuditFn;
  actor: Actor;
  today: string;
  now: Date;
}

// The contract's keys are exactly the rule types resolved in rules.ts.
RULE_KEY_VALUES satisfies readonly RuleKey[];

type OrgNames = Map<number, string>;

async function orgNames(db: Executor, ids: readonly number[]): Promise<OrgNames> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A newer version of the same level that takes effect no later than `row`: `row` never applies. */
function isReplaced(rows: readonly RuleVersionRow[], row: RuleVersionRow): boolean {
  return rows.some(
    (r) => r.orgId === row.orgId && r.version > row.version && r.effectiveFrom <= row.effectiveFrom,
  );
}

function present(
  row: RuleVersionRow,
  names: OrgNames,
  rows: readonly RuleVersionRow[],
  winner: RuleVersionRow | undefined,
  today: string,
): RuleVersion {
  return {
    id: row.id,
    key: row.key as RuleKeyValue,
    version: row.version,
    effectiveFrom: row.effectiveFrom,
    // The source in words: the catalogue's status letters and reference tags are internal.
    source: sourceInWords(row.source),
    value: row.value,
    org: row.orgId === null ? null : { id: row.orgId, name: names.get(row.orgId) ?? `#${row.orgId}` },
    recordedAt: new Date(row.createdAt).toISOString(),
    inEffect: winner?.id === row.id,
    scheduled: row.effectiveFrom > today,
    replaced: isReplaced(rows, row),
  };
}

/** The rules an organization follows today, where each comes from, and what is scheduled. */
export async function effectiveRules(db: Executor, org: OrgRow, today: string): Promise<EffectiveRule[]> {
  const names = await orgNames(db, orgIdsOf(org.path));
  const out: EffectiveRule[] = [];
  for (const key of RULE_KEY_VALUES) {
    const rows = await ruleVersionsOnPath(db, key, org.path);
    const winner = resolveRule(rows, org.path, today);
    if (!winner) throw new Error(`规则 ${key} 未配置`);
    const upcoming = rows
      .filter((r) => r.effectiveFrom > today && !isReplaced(rows, r))
      .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
    const from = winner.orgId === null ? null : { id: winner.orgId, name: names.get(winner.orgId) ?? '' };
    out.push({
      key,
      label: RULE_LABELS[key],
      version: winner.version,
      effectiveFrom: winner.effectiveFrom,
      source: sourceInWords(winner.source),
      value: winner.value,
      from,
      own: winner.orgId === org.id,
      upcoming: upcoming.map((r) => present(r, names, rows, winner, today)),
    });
  }
  return out;
}

/** Every version of one key on the organization's path, deepest level first, newest first. */
export async function ruleHistory(
  db: Executor,
  org: OrgRow,
  key: RuleKeyValue,
  today: string,
): Promise<RuleVersion[]> {
  const ids = orgIdsOf(org.path);
  const names = await orgNames(db, ids);
  const rows = await ruleVersionsOnPath(db, key, org.path);
  const winner = resolveRule(rows, org.path, today);
  const depth = (id: number | null) => (id === null ? -1 : ids.indexOf(id));
  return [...rows]
    .sort((a, b) => depth(b.orgId) - depth(a.orgId) || b.version - a.version)
    .map((r) => present(r, names, rows, winner, today));
}

function isCalendarDate(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

/** JSON with sorted keys, to compare values read back from jsonb (which reorders keys). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * The part of `org`'s subtree that follows `org`'s level on `day`: descendants with their own
 * rule in effect that day keep theirs.
 */
async function ownRuleSubtrees(trx: Executor, key: string, org: OrgRow, day: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('ruleSettings as r')
    .innerJoin('orgs as o', 'o.id', 'r.orgId')
    .select(['o.id', 'o.path'])
    .distinct()
    .where('r.key', '=', key)
    .where('o.path', 'like', `${org.path}%`)
    .where('o.id', '!=', org.id)
    .execute();
  const out: string[] = [];
  for (const d of rows) {
    const versions = await ruleVersionsOnPath(trx, key, d.path, day);
    if (newestAtLevel(versions, d.id, day)?.value) out.push(d.path);
  }
  return out;
}

/**
 * Categories still used by members in the register that the new list would no longer offer:
 * refused with the category names and head counts.
 */
async function assertCategoriesKept(
  trx: Executor,
  org: OrgRow,
  day: string,
  before: readonly CategoryItem[],
  after: readonly CategoryItem[],
): Promise<void> {
  const excluded = await ownRuleSubtrees(trx, 'members.categories', org, day);
  const kept = after.map((c) => c.code);
  let q = trx
    .selectFrom('members as m')
    .innerJoin('orgs as o', 'o.id', 'm.orgId')
    .select(['m.category', (eb) => eb.fn.countAll<number>().as('n')])
    .where('o.path', 'like', `${org.path}%`)
    .where('m.status', 'in', ACTIVE_STATUSES)
    .where('m.category', 'not in', kept);
  if (excluded.length) q = q.where((eb) => eb.not(eb.or(excluded.map((p) => eb('o.path', 'like', `${p}%`)))));
  const rows = await q.groupBy('m.category').orderBy('m.category').execute();
  if (rows.length === 0) return;
  const label = (code: string) => before.find((c) => c.code === code)?.label ?? code;
  const list = rows.map((r) => `${label(r.category)}（${r.category}）${Number(r.n)} 人`).join('、');
  throw new ValidationError({
    value: `仍有党员使用将被移除的类别：${list}。请先调整这些党员的类别，或保留这些类别`,
  });
}

/**
 * A new version of one rule for one organization: from `effectiveFrom` (today or later) it
 * replaces the organization's earlier versions, or with `value: null` returns the organization
 * to the inherited rule. Old versions are never changed.
 */
export async function addRuleVersion(
  ctx: RulesActionContext,
  org: OrgRow,
  body: AddRuleVersionBody,
): Promise<RuleVersion> {
  authorize(ctx.actor, 'members.configure', org.path);
  const day = body.effectiveFrom;
  if (!isCalendarDate(day)) throw new ValidationError({ effectiveFrom: '生效日期不是有效的日期' });
  if (day < ctx.today)
    throw new ValidationError({
      effectiveFrom: `生效日期不能早于今天（${ctx.today}），已有版本不能补录或修改`,
    });

  // One writer per organization at a time, so versions stay consecutive.
  await ctx.trx.selectFrom('orgs').select('id').where('id', '=', org.id).forUpdate().execute();
  const rows = await ruleVersionsOnPath(ctx.trx, body.key, org.path);
  const atLevel = newestAtLevel(rows, org.id, day);
  const laterOwn = rows.some((r) => r.orgId === org.id && r.effectiveFrom > day);
  if (body.value === null) {
    if (!atLevel?.value && !laterOwn)
      throw new ValidationError({ value: '本组织在该日期没有自己的规则，已经沿用上级规则' });
  } else if (atLevel?.value && !laterOwn && canonical(atLevel.value) === canonical(body.value)) {
    throw new ValidationError({ value: `与本组织第 ${atLevel.version} 版规则相同，无需新增版本` });
  }

  const next: RuleVersionRow = {
    id: 0,
    key: body.key,
    orgId: org.id,
    version: Math.max(0, ...rows.filter((r) => r.orgId === org.id).map((r) => r.version)) + 1,
    effectiveFrom: day,
    source: body.source,
    value: body.value,
    createdAt: ctx.now,
  };
  if (body.key === 'members.categories') {
    const before = resolveRule(rows, org.path, day);
    const after = resolveRule([...rows, next], org.path, day);
    await assertCategoriesKept(
      ctx.trx,
      org,
      day,
      (before?.value ?? []) as CategoryItem[],
      (after?.value ?? []) as CategoryItem[],
    );
  }

  const { id } = await ctx.trx
    .insertInto('ruleSettings')
    .values({
      key: body.key,
      orgId: org.id,
      version: next.version,
      effectiveFrom: day,
      source: body.source,
      value: JSON.stringify(body.value),
      createdAt: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.audit({
    action: 'members.configure',
    objectType: 'rule_setting',
    objectId: id,
    orgPath: org.path,
    detail: {
      key: body.key,
      version: next.version,
      effectiveFrom: day,
      inherit: body.value === null,
      value: body.value,
      source: body.source,
    },
  });
  const saved = { ...next, id };
  const all = [...rows, saved];
  const names = await orgNames(ctx.trx, [org.id]);
  return present(saved, names, all, resolveRule(all, org.path, ctx.today), ctx.today);
}
