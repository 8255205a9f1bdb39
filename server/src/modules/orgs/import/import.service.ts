import { type Actor, authorize } from '../../../platform/actor.ts';
import type { Executor, Trx } from '../../../platform/db.ts';
import { ConflictError } from '../../../platform/errors.ts';
import type { AuditFn } from '../../../platform/http.ts';
import {
  beginImport,
  completeImportJob,
  type ImportJob,
  type ImportPreview,
  type ImportResult,
  lockJobForCommit,
  previewOfPrevious,
  readJobRows,
  storeJobRows,
} from '../../../platform/imports/jobs.ts';
import { runInParseWorker } from '../../../platform/imports/parse-worker.ts';
import type { ImportLimits, ImportWarning, RowError, SkippedRow } from '../../../platform/imports/sheet.ts';
import { lockOrgTree } from '../locks.ts';
import { ORG_KIND_LABELS, type OrgParseInput, type OrgParseResult, type ParsedOrg } from './parse.ts';

const ORG_PARSER = new URL('./parse.ts', import.meta.url).href;
const CHUNK = 5000;

export interface OrgImportTarget {
  id: number;
  path: string;
  code: string;
  name: string;
}

/** A row ready to insert: its parent is an existing organization or an earlier row of the file. */
export interface PlannedOrg extends ParsedOrg {
  parentId: number | null;
  parentRow: number | null;
}

/** The checked file: its rows (parents before children) only when it has no errors. */
export interface PlannedOrgImport {
  total: number;
  rows: PlannedOrg[];
  errors: RowError[];
  warnings: ImportWarning[];
  skipped: SkippedRow[];
  fatal: string | null;
}

export interface OrgSample {
  row: number;
  code: string;
  name: string;
  parentCode: string | null;
  kind: string;
  kindLabel: string;
  level: string | null;
  unitType: string | null;
  establishedOn: string | null;
}

export type OrgPreview = ImportPreview<OrgSample>;

/**
 * The preview of an organization file for an import job (see planOrgImport); a file without
 * errors keeps its planned rows in the job for the commit.
 */
export async function previewOrgImport(
  db: Executor,
  actor: Actor | null,
  job: ImportJob,
  target: OrgImportTarget,
  bytes: Uint8Array,
  today: string,
  options: { limits?: ImportLimits; onProgress?: (done: number, total: number) => void } = {},
): Promise<OrgPreview> {
  const previous = await previewOfPrevious(db, 'orgs', target.id, job.fileHash);
  if (previous) return previous;
  const plan = await planOrgImport(db, actor, target, bytes, today, options);
  if (!plan.fatal && plan.errors.length === 0)
    await storeJobRows(db, job.id, target.id, [{ count: plan.rows.length, json: JSON.stringify(plan.rows) }]);
  return {
    total: plan.total,
    ok: plan.rows.length,
    fatal: plan.fatal,
    errors: plan.errors,
    warnings: plan.warnings,
    skipped: plan.skipped,
    alreadyImported: null,
    sample: plan.rows
      .slice()
      .sort((a, b) => a.row - b.row)
      .slice(0, 50)
      .map((r) => ({
        row: r.row,
        code: r.code,
        name: r.name,
        parentCode: r.parentCode ?? target.code,
        kind: r.kind,
        kindLabel: ORG_KIND_LABELS[r.kind],
        level: r.level,
        unitType: r.unitType,
        establishedOn: r.establishedOn,
      })),
  };
}

/**
 * Parse (in a worker) and check an organization file: codes free in the database, parents either
 * earlier/later rows of the file or active organizations inside the target's subtree where the
 * caller may create organizations (anything else is "unknown": out-of-scope organizations are
 * never revealed), no cycles. Nothing is written. `actor` null: the command line (system).
 */
export async function planOrgImport(
  db: Executor,
  actor: Actor | null,
  target: OrgImportTarget,
  bytes: Uint8Array,
  today: string,
  options: { limits?: ImportLimits; onProgress?: (done: number, total: number) => void } = {},
): Promise<PlannedOrgImport> {
  const parsed = await runInParseWorker<OrgParseInput, OrgParseResult>(
    ORG_PARSER,
    'parseOrgFile',
    { bytes, today, limits: options.limits },
    options.onProgress,
  );
  const prepared: PlannedOrgImport = {
    total: parsed.total,
    rows: [],
    errors: parsed.errors,
    warnings: parsed.warnings,
    skipped: parsed.skipped,
    fatal: parsed.fatal,
  };
  if (parsed.fatal) return prepared;
  const extra: RowError[] = [];
  const bad = new Set<number>(parsed.errors.map((e) => e.row));
  const fail = (row: number, column: string, code: string, message: string) => {
    extra.push({ row, column, code, message });
    bad.add(row);
  };

  // Codes already used (anywhere: codes are unique in the whole system).
  const codes = Object.keys(parsed.codes);
  const taken = new Set<string>();
  for (let i = 0; i < codes.length; i += CHUNK) {
    const found = await db
      .selectFrom('orgs')
      .select('code')
      .where('code', 'in', codes.slice(i, i + CHUNK))
      .execute();
    for (const f of found) taken.add(f.code);
  }
  for (const row of parsed.rows)
    if (taken.has(row.code))
      fail(row.row, '组织编码', 'DUPLICATE_IN_DB', `组织编码“${row.code}”已被使用，请换一个编码`);

  // Parents outside the file: active, inside the target's subtree, and creatable by the caller.
  const external = [...new Set(parsed.parents.map((p) => p.parentCode).filter((c) => !(c in parsed.codes)))];
  const parentByCode = new Map<string, number>();
  for (let i = 0; i < external.length; i += CHUNK) {
    const found = await db
      .selectFrom('orgs')
      .select(['id', 'code', 'path'])
      .where('code', 'in', external.slice(i, i + CHUNK))
      .where('path', 'like', `${target.path}%`)
      .where('status', '=', 'active')
      .execute();
    for (const o of found) if (!actor || actor.can('orgs.create', o.path)) parentByCode.set(o.code, o.id);
  }
  const targetCreatable = !actor || actor.can('orgs.create', target.path);

  const byCode = new Map(parsed.rows.map((r) => [r.code, r]));
  for (const row of parsed.rows)
    if (row.parentCode === null && !targetCreatable)
      fail(row.row, '上级组织编码', 'FORBIDDEN', `没有在“${target.name}”之下新建组织的权限`);
  for (const { row, parentCode } of parsed.parents) {
    if (parentCode in parsed.codes || parentByCode.has(parentCode)) continue;
    fail(
      row,
      '上级组织编码',
      'UNKNOWN_PARENT',
      `上级组织编码“${parentCode}”不存在，或不在“${target.name}”之下，且文件中也没有定义`,
    );
  }

  // Parents defined in the file, in any order: walk up each chain; a chain that comes back to
  // itself is a cycle; a chain through a row with errors cannot be imported either.
  const depth = new Map<string, number>();
  const resolve = (row: ParsedOrg): void => {
    if (depth.has(row.code)) return;
    const chain: ParsedOrg[] = [];
    let cur: ParsedOrg | undefined = row;
    let base = 0;
    while (cur) {
      const known = depth.get(cur.code);
      if (known !== undefined) {
        base = known + 1;
        break;
      }
      if (chain.includes(cur)) {
        const cycle = chain.slice(chain.indexOf(cur));
        const rows = cycle.map((c) => c.row).join('、');
        for (const c of cycle)
          if (!bad.has(c.row))
            fail(c.row, '上级组织编码', 'CYCLE', `上级组织关系形成循环（第 ${rows} 行互为上级）`);
        return;
      }
      chain.push(cur);
      if (cur.parentCode === null || !(cur.parentCode in parsed.codes)) break;
      cur = byCode.get(cur.parentCode);
      if (!cur) break;
    }
    // The top of the chain: its parent is outside the file, or a row with errors.
    const top = chain[chain.length - 1]!;
    if (top.parentCode !== null && top.parentCode in parsed.codes && !byCode.has(top.parentCode)) {
      return;
    }
    for (let i = chain.length - 1; i >= 0; i--) depth.set(chain[i]!.code, base + (chain.length - 1 - i));
  };
  for (const row of parsed.rows) if (!bad.has(row.row)) resolve(row);
  // Rows whose parent (or an ancestor) in the file has errors.
  let changed = true;
  while (changed) {
    changed = false;
    for (const row of parsed.rows) {
      if (bad.has(row.row) || row.parentCode === null || !(row.parentCode in parsed.codes)) continue;
      const parentRow = parsed.codes[row.parentCode]!;
      if (bad.has(parentRow)) {
        fail(
          row.row,
          '上级组织编码',
          'PARENT_INVALID',
          `上级组织“${row.parentCode}”（第 ${parentRow} 行）有错误，请先改正该行`,
        );
        changed = true;
      }
    }
  }
  prepared.errors = [...parsed.errors, ...extra].sort((a, b) => a.row - b.row);
  if (prepared.errors.length === 0) {
    prepared.rows = parsed.rows
      .map((r) => ({
        ...r,
        parentId: r.parentCode === null ? target.id : (parentByCode.get(r.parentCode) ?? null),
        parentRow: r.parentCode !== null && r.parentCode in parsed.codes ? parsed.codes[r.parentCode]! : null,
      }))
      .sort((a, b) => depth.get(a.code)! - depth.get(b.code)! || a.row - b.row);
  }
  return prepared;
}

export type OrgCommitResult = ImportResult;

/**
 * All or nothing, inside the caller's transaction: an import row (unique per target and file),
 * then every organization, parents first (the database trigger sets each path from its parent),
 * a `created` event for each and one audit row. The same file again adds nothing.
 */
export async function commitOrgImport(
  trx: Trx,
  job: ImportJob,
  target: OrgImportTarget,
  ctx: { actor: Actor | null; now: Date; audit: AuditFn | null },
): Promise<OrgCommitResult> {
  const locked = await lockJobForCommit<OrgSample>(trx, job, ctx.now);
  const actorId = ctx.actor?.user.id ?? null;
  const begun = await beginImport(trx, {
    kind: 'orgs',
    orgId: target.id,
    fileHash: locked.fileHash,
    filename: locked.filename,
    preview: locked.preview!,
    actorId,
    now: ctx.now,
  });
  if ('done' in begun) {
    await completeImportJob(trx, job.id, begun.done, ctx.now);
    return begun.done;
  }
  const inserted = { id: begun.importId };
  const prepared = { target, filename: locked.filename, rows: await readJobRows<PlannedOrg>(trx, job.id) };
  // Existing parents again, under lock: still active, inside the target, and still creatable.
  const parentIds = [...new Set(prepared.rows.map((r) => r.parentId).filter((id) => id !== null))];
  // Paths are derived from these parents: lock them and their ancestors (ADR 0010), then read.
  await lockOrgTree(trx, { paths: parentIds });
  const parents = parentIds.length
    ? await trx.selectFrom('orgs').select(['id', 'path', 'status']).where('id', 'in', parentIds).execute()
    : [];
  for (const id of parentIds) {
    const p = parents.find((o) => o.id === id);
    if (p?.status !== 'active' || !p.path.startsWith(prepared.target.path))
      throw new ConflictError('上级组织在预览后发生了变化，本次导入已全部撤销，请重新预览');
    if (ctx.actor) authorize(ctx.actor, 'orgs.create', p.path);
  }
  const codes = prepared.rows.map((r) => r.code);
  for (let i = 0; i < codes.length; i += CHUNK) {
    const clash = await trx
      .selectFrom('orgs')
      .select('code')
      .where('code', 'in', codes.slice(i, i + CHUNK))
      .executeTakeFirst();
    if (clash)
      throw new ConflictError(`组织编码“${clash.code}”在预览后已被使用，本次导入已全部撤销，请重新预览`);
  }
  const idByRow = new Map<number, number>();
  for (const r of prepared.rows) {
    const parentId = r.parentRow !== null ? idByRow.get(r.parentRow)! : r.parentId!;
    const org = await trx
      .insertInto('orgs')
      .values({
        parentId,
        code: r.code,
        name: r.name,
        shortName: null,
        kind: r.kind,
        level: r.level,
        unitType: r.unitType,
        establishedOn: r.establishedOn,
        closedOn: null,
        closedReason: null,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning(['id', 'path', 'depth'])
      .executeTakeFirstOrThrow();
    idByRow.set(r.row, org.id);
    await trx
      .insertInto('orgEvents')
      .values({
        orgId: org.id,
        kind: 'created',
        before: null,
        after: JSON.stringify({
          id: org.id,
          parentId,
          path: org.path,
          depth: org.depth,
          code: r.code,
          name: r.name,
          kind: r.kind,
          level: r.level,
          unitType: r.unitType,
          establishedOn: r.establishedOn,
          status: 'active',
        }),
        reason: `批量导入（导入批次 ${inserted.id}）`,
        actorId,
        at: ctx.now,
      })
      .execute();
  }
  await ctx.audit?.({
    action: 'orgs.import',
    objectType: 'org_import',
    objectId: inserted.id,
    orgPath: prepared.target.path,
    detail: { rows: prepared.rows.length, filename: prepared.filename },
  });
  const result = { importId: inserted.id, imported: prepared.rows.length, alreadyImported: false };
  await completeImportJob(trx, job.id, result, ctx.now);
  return result;
}
