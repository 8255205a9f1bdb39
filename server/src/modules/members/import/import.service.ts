import { sql } from 'kysely';
import { type FieldCrypto, fieldKeysOf } from '../../../platform/crypto.ts';
import type { Executor, Trx } from '../../../platform/db.ts';
import { ConflictError } from '../../../platform/errors.ts';
import type { AuditFn } from '../../../platform/http.ts';
import {
  beginImport,
  clearJobRows,
  completeImportJob,
  type ImportJob,
  type ImportPreview,
  type ImportResult,
  jobRowChunks,
  lockJobForCommit,
  previewOfPrevious,
  storeJobRows,
} from '../../../platform/imports/jobs.ts';
import { preloadParser, runInParseWorker } from '../../../platform/imports/parse-worker.ts';
import { lockOrgTree } from '../../orgs/index.ts';
import { maskIdNumber, maskPhone } from '../idcard.ts';
import { EDUCATION_LABELS } from '../members.contract.ts';
import { CANNOT_REGISTER_HERE_MESSAGE } from '../registration-conflicts.ts';
import { getRule } from '../rules.ts';
import type {
  ImportLimits,
  MemberSample,
  ParsedMember,
  ParseInput,
  ParseResult,
  RowError,
  SealInput,
  SealResult,
} from './parse.ts';

export interface ImportTarget {
  id: number;
  path: string;
  code: string;
  name: string;
}

/**
 * `add`: every row is a new person (someone already registered is a row error). `update`: rows of
 * people already registered in the target's subtree update the fields that changed (a blank cell
 * never clears anything); the rest are added.
 */
export type MemberImportMode = 'add' | 'update';

/** One changed field of a registered person, as the preview shows it before the commit. */
export interface FieldChange {
  field: UpdatableField;
  column: string;
  old: string | null;
  new: string;
}

export interface MemberChange {
  row: number;
  sheet?: string;
  memberId: number;
  name: string;
  /** The record's version when previewed: a record edited since makes the commit refuse. */
  updatedAt: string;
  fields: FieldChange[];
}

export interface MemberPreview extends ImportPreview<MemberSample> {
  mode: MemberImportMode;
  /** New people (the commit adds them). */
  added: number;
  /** Registered people whose row changes nothing. */
  unchanged: number;
  changes: MemberChange[];
}

/** Fields an import may update; the organization, status and dates go through their own procedures. */
const UPDATABLE = {
  name: '姓名',
  ethnicity: '民族',
  phone: '联系电话',
  address: '家庭住址',
  education: '学历',
  workUnit: '工作单位',
  position: '职务',
  category: '党员类别',
} as const;
type UpdatableField = keyof typeof UPDATABLE;
/** Fields that must agree with the register (else a row error naming the procedure). */
const FIXED = {
  joinedOn: ['入党日期', '请在党员信息中修改'],
  fullOn: ['转正日期', '请通过转正办理'],
  status: ['党员状态', '请通过状态变更办理'],
} as const;

const PARSER = new URL('./parse.ts', import.meta.url).href;
/** Parse workers started with the app (the sealing of a file's chunks is spread over them). */
const SEAL_WORKERS = 2;

/** Start the parse worker with the member parser loaded (app start-up, benchmarks). */
export async function preloadMemberParser(): Promise<void> {
  await Promise.all(Array.from({ length: SEAL_WORKERS }, () => preloadParser(PARSER)));
}
/** Rows per sealing task, per stored chunk and per INSERT statement of the commit. */
const CHUNK = 5000;

interface SubtreeOrg {
  id: number;
  code: string;
  name: string;
}

const squeeze = (s: string) => s.replace(/[\s\u3000]/g, '');

/**
 * The organization a 所在党组织 / 所在支部 cell names, inside the target's subtree (active only):
 * its code, its full name, or its name as the office writes it (the end of the full name:
 * 朝阳社区's roster writes 第一网格党支部 for 朝阳社区第一网格党支部). Anything else is a row
 * error listing candidates; organizations outside the subtree are never revealed.
 */
export function resolveOrgRef(
  ref: string,
  orgs: readonly SubtreeOrg[],
  target: ImportTarget,
): { org: SubtreeOrg } | { message: string; code: string } {
  const key = squeeze(ref);
  const byCode = orgs.find((o) => o.code === ref.trim());
  if (byCode) return { org: byCode };
  const exact = orgs.filter((o) => squeeze(o.name) === key);
  const found = exact.length > 0 ? exact : orgs.filter((o) => squeeze(o.name).endsWith(key));
  if (found.length === 1) return { org: found[0]! };
  const list = (os: readonly SubtreeOrg[]) => os.map((o) => `${o.name}（${o.code}）`).join('、');
  if (found.length > 1)
    return {
      code: 'AMBIGUOUS_ORG',
      message: `“${ref}”对应多个党组织：${list(found.slice(0, 10))}，请填写完整名称或组织编码`,
    };
  // Candidates: the organizations whose names share the most characters with what was written.
  const chars = new Set(key);
  const scored = orgs
    .map((o) => ({ o, n: [...new Set(squeeze(o.name))].filter((c) => chars.has(c)).length }))
    .filter((x) => x.n >= 2)
    .sort((a, b) => b.n - a.n)
    .slice(0, 5)
    .map((x) => x.o);
  return {
    code: 'UNKNOWN_ORG',
    message: `在“${target.name}”之下找不到“${ref}”${scored.length ? `，可能是：${list(scored)}` : ''}`,
  };
}

/**
 * The preview of a member file for an import job: parse, validate, blind-index and encrypt in the
 * worker thread, then place each row in its organization (inside the target's subtree, active)
 * and check ID numbers already registered. A file without errors keeps its sealed rows in the job
 * for the commit.
 */
export async function previewMemberImport(
  db: Executor,
  crypto: FieldCrypto,
  job: ImportJob,
  target: ImportTarget,
  bytes: Uint8Array,
  today: string,
  options: {
    mode?: MemberImportMode;
    limits?: ImportLimits;
    onProgress?: (phase: 'parse' | 'check', done: number, total: number) => void;
  } = {},
): Promise<MemberPreview> {
  const mode = options.mode ?? 'add';
  const empty = { mode, added: 0, unchanged: 0, changes: [] };
  const previous = await previewOfPrevious(db, 'members', target.id, job.fileHash);
  if (previous) return { ...previous, ...empty };
  const categories = (await getRule(db, 'members.categories', target.path, today)).value;
  const educationSynonyms = (await getRule(db, 'members.education_synonyms', target.path, today)).value;
  const joinAge = (await getRule(db, 'members.join_age', target.path, today)).value;
  const parsed = await runInParseWorker<ParseInput, ParseResult>(
    PARSER,
    'parseMemberFile',
    { bytes, today, categories, educationSynonyms, joinAge, limits: options.limits },
    (done, total) => options.onProgress?.('parse', done, total),
  );
  const preview: MemberPreview = {
    total: parsed.total,
    ok: 0,
    fatal: parsed.fatal,
    errors: parsed.errors,
    warnings: parsed.warnings,
    skipped: parsed.skipped,
    alreadyImported: null,
    sample: [],
    ...empty,
  };
  if (parsed.fatal) return preview;
  const labelsOf = (sheet: string | null) =>
    parsed.columnLabels[sheet ?? ''] ?? { idNumber: '身份证号', org: '所在党组织' };
  const rowError = (r: ParsedMember, column: string, code: string, message: string): RowError => ({
    row: r.row,
    column,
    code,
    message,
    ...(r.sheet ? { sheet: r.sheet } : {}),
  });

  // Each row's organization, before sealing (the sealed rows carry its code).
  const extra: RowError[] = [];
  const orgById = new Map<number, SubtreeOrg>([[target.id, target]]);
  const orgByCode = new Map<string, SubtreeOrg>([[target.code, target]]);
  const refs = new Set(parsed.rows.map((r) => r.orgRef).filter((r): r is string => r !== null));
  if (refs.size > 0) {
    const orgs = await db
      .selectFrom('orgs')
      .select(['id', 'code', 'name'])
      .where('path', 'like', `${target.path}%`)
      .where('status', '=', 'active')
      .orderBy('path')
      .execute();
    const resolved = new Map<string, ReturnType<typeof resolveOrgRef>>();
    for (const ref of refs) resolved.set(ref, resolveOrgRef(ref, orgs, target));
    for (const r of parsed.rows) {
      if (!r.orgRef) continue;
      const found = resolved.get(r.orgRef)!;
      if ('org' in found) {
        r.orgCode = found.org.code;
        orgById.set(found.org.id, found.org);
        orgByCode.set(found.org.code, found.org);
      } else extra.push(rowError(r, labelsOf(r.sheet).org, found.code, found.message));
    }
  }
  const misplaced = new Set(extra.map((e) => `${e.sheet ?? ''}:${e.row}`));
  const placed = parsed.rows.filter((r) => !misplaced.has(`${r.sheet ?? ''}:${r.row}`));

  // Blind indexes and encryption by the pool's workers, one chunk per task. As each chunk comes
  // back, its ID numbers are looked up in the register (anywhere: one person, one record; no
  // details shown) and its sealed rows stored, while the workers seal the next chunks (stored rows
  // are removed again if the file turns out to have errors).
  const keys = fieldKeysOf(crypto);
  const encrypt = parsed.errors.length === 0 && extra.length === 0;
  // Hash → the registered record (in the target's subtree: its id; elsewhere: no details at all).
  const taken = new Map<string, number | null>();
  let written: Promise<void> = Promise.resolve();
  let checked = 0;
  const parts = await Promise.all(
    Array.from({ length: Math.ceil(placed.length / CHUNK) }, async (_, seq) => {
      const part = await runInParseWorker<SealInput, SealResult>(PARSER, 'sealMemberRows', {
        rows: placed.slice(seq * CHUNK, (seq + 1) * CHUNK),
        keys,
        encrypt,
        chunkSize: CHUNK,
      });
      written = written.then(async () => {
        const found = await db
          .selectFrom('members as m')
          .innerJoin('orgs as o', 'o.id', 'm.orgId')
          .select(['m.id', 'm.idNumberHash', 'o.path'])
          .where('m.idNumberHash', '=', sql<string>`any(${part.hashes}::text[])`)
          .execute();
        for (const f of found) taken.set(f.idNumberHash, f.path.startsWith(target.path) ? f.id : null);
        checked += part.hashes.length;
        options.onProgress?.('check', checked, placed.length);
        if (encrypt) await storeJobRows(db, job.id, target.id, part.chunks, seq);
      });
      written.catch(() => undefined);
      return part;
    }),
  );
  await written;
  const hashes = parts.flatMap((p) => p.hashes);
  const registered: { row: ParsedMember; memberId: number }[] = [];
  for (let i = 0; i < placed.length; i++) {
    const r = placed[i]!;
    const hit = taken.get(hashes[i]!);
    if (hit === undefined) continue;
    // Inside the target's subtree the importer sees the record; elsewhere the answer is neutral
    // (security.md ID-08).
    if (hit === null)
      extra.push(
        rowError(r, labelsOf(r.sheet).idNumber, 'CANNOT_REGISTER_HERE', CANNOT_REGISTER_HERE_MESSAGE),
      );
    else if (mode === 'add')
      extra.push(
        rowError(
          r,
          labelsOf(r.sheet).idNumber,
          'DUPLICATE_IN_DB',
          '该身份证号已在本组织范围内登记（要更新已登记人员的信息，请选择“新增并更新”）',
        ),
      );
    else registered.push({ row: r, memberId: hit });
  }
  if (registered.length > 0) {
    const categoryLabel = new Map(categories.map((c) => [c.code, c.label]));
    const diff = await diffRegistered(db, crypto, registered, labelsOf, (c) => categoryLabel.get(c) ?? c);
    extra.push(...diff.errors);
    preview.changes = diff.changes;
  }
  preview.errors = [...parsed.errors, ...extra].sort(
    (a, b) => (a.sheet ?? '').localeCompare(b.sheet ?? '') || a.row - b.row,
  );
  const bad = new Set(extra.map((e) => `${e.sheet ?? ''}:${e.row}`));
  const existing = new Set(registered.map((x) => x.row));
  preview.added = placed.filter((r) => !bad.has(`${r.sheet ?? ''}:${r.row}`) && !existing.has(r)).length;
  preview.ok = placed.filter((r) => !bad.has(`${r.sheet ?? ''}:${r.row}`)).length;
  preview.unchanged = registered.filter(
    (x) =>
      !bad.has(`${x.row.sheet ?? ''}:${x.row.row}`) &&
      !preview.changes.some((c) => c.memberId === x.memberId),
  ).length;
  preview.sample = placed
    .filter((r) => !bad.has(`${r.sheet ?? ''}:${r.row}`) && !existing.has(r))
    .slice(0, 20)
    .map((r) => {
      const org = orgByCode.get(r.orgCode ?? target.code)!;
      return {
        row: r.row,
        ...(r.sheet ? { sheet: r.sheet } : {}),
        name: r.name,
        idNumber: maskIdNumber(r.idNumber),
        orgId: org.id,
        orgName: org.name,
        status: r.status,
        category: r.category,
      };
    });
  if (encrypt && preview.errors.length > 0) await clearJobRows(db, job.id);
  return preview;
}

/**
 * What each registered person's row would change (updatable fields with a different, non-blank
 * value), and row errors for differences the import must not make (organization, status, dates).
 */
async function diffRegistered(
  db: Executor,
  crypto: FieldCrypto,
  registered: readonly { row: ParsedMember; memberId: number }[],
  labelsOf: (sheet: string | null) => { idNumber: string; org: string },
  categoryLabel: (code: string) => string,
): Promise<{ changes: MemberChange[]; errors: RowError[] }> {
  const changes: MemberChange[] = [];
  const errors: RowError[] = [];
  for (let i = 0; i < registered.length; i += CHUNK) {
    const part = registered.slice(i, i + CHUNK);
    const rows = await db
      .selectFrom('members as m')
      .innerJoin('orgs as o', 'o.id', 'm.orgId')
      .select([
        'm.id',
        'm.name',
        'm.ethnicity',
        'm.phoneEnc',
        'm.phoneMasked',
        'm.addressEnc',
        'm.education',
        'm.workUnit',
        'm.position',
        'm.category',
        'm.joinedOn',
        'm.fullOn',
        'm.status',
        'm.updatedAt',
        'o.code as orgCode',
        'o.name as orgName',
      ])
      .where(
        'm.id',
        'in',
        part.map((x) => x.memberId),
      )
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const { row: r, memberId } of part) {
      const m = byId.get(memberId)!;
      const where = (column: string, code: string, message: string) =>
        errors.push({ row: r.row, column, code, message, ...(r.sheet ? { sheet: r.sheet } : {}) });
      let fixed = false;
      if (r.orgCode && r.orgCode !== m.orgCode) {
        where(
          labelsOf(r.sheet).org,
          'ORG_DIFFERS',
          `${r.name}已登记在“${m.orgName}”，文件中为另一组织：调整所在党组织请办理组织关系转接`,
        );
        fixed = true;
      }
      for (const [field, [label, how]] of Object.entries(FIXED) as [
        keyof typeof FIXED,
        readonly [string, string],
      ][]) {
        const now = r[field];
        if (now && now !== m[field]) {
          where(label, 'FIELD_DIFFERS', `${label}与已登记的不同（已登记：${m[field] ?? '未填写'}），${how}`);
          fixed = true;
        }
      }
      if (fixed) continue;
      const fields: FieldChange[] = [];
      const put = (
        field: UpdatableField,
        old: string | null,
        value: string | null,
        show?: (v: string) => string,
      ) => {
        if (value === null || value === old) return;
        fields.push({
          field,
          column: UPDATABLE[field],
          old: old === null ? null : show ? show(old) : old,
          new: show ? show(value) : value,
        });
      };
      put('name', m.name, r.name);
      put('ethnicity', m.ethnicity, r.ethnicity);
      put('phone', m.phoneEnc ? crypto.decrypt(m.phoneEnc) : null, r.phone, maskPhone);
      // The registered address is never shown here (it is revealed only through the audited reveal).
      const address = m.addressEnc ? crypto.decrypt(m.addressEnc) : null;
      if (r.address !== null && r.address !== address)
        fields.push({
          field: 'address',
          column: UPDATABLE.address,
          old: address === null ? null : '（已登记，不显示）',
          new: r.address,
        });
      put(
        'education',
        m.education ? EDUCATION_LABELS[m.education] : null,
        r.education ? EDUCATION_LABELS[r.education] : null,
      );
      put('workUnit', m.workUnit, r.workUnit);
      put('position', m.position, r.position);
      if (r.category !== m.category)
        fields.push({
          field: 'category',
          column: UPDATABLE.category,
          old: categoryLabel(m.category),
          new: categoryLabel(r.category),
        });
      if (fields.length > 0)
        changes.push({
          row: r.row,
          ...(r.sheet ? { sheet: r.sheet } : {}),
          memberId,
          name: r.name,
          updatedAt: m.updatedAt.toISOString(),
          fields,
        });
    }
  }
  return { changes, errors };
}

const CHANGED = '导入期间有人员已被登记或党组织发生变化，本次导入已全部撤销，请重新预览';

const MEMBER_COLUMNS = `org_id, name, gender, ethnicity, birth_date, id_number_enc, id_number_hash,
  id_number_masked, phone_enc, phone_hash, phone_masked, address_enc, education, work_unit, position,
  joined_on, full_on, category, status, status_since, import_id, created_at, updated_at`;
const SEALED_TYPES = `org_code text, name text, gender text, ethnicity text, birth_date date,
  id_number_enc text, id_number_hash text, id_number_masked text, phone_enc text, phone_hash text,
  phone_masked text, address_enc text, education text, work_unit text, position text, joined_on date,
  full_on date, category text, status text, status_since date`;

/**
 * All or nothing, inside the caller's transaction: the job is locked (one commit at a time, from
 * any process), an import row (unique per organization and file) is added, then every member,
 * chunk by chunk, set-based from the rows the preview kept (organization codes checked again, the
 * rollup trigger and the status history in the same statements), and one audit row. Someone
 * registered meanwhile (unique ID number) or an organization closed: nothing stays. A crash
 * before COMMIT leaves nothing; the same file again finds its import row and adds nobody.
 */
export async function commitMemberImport(
  trx: Trx,
  job: ImportJob,
  target: ImportTarget,
  ctx: {
    actorId: number | null;
    now: Date;
    audit: AuditFn | null;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<ImportResult> {
  const locked = await lockJobForCommit<MemberSample>(trx, job, ctx.now);
  const preview = locked.preview! as MemberPreview;
  const update = preview.mode === 'update';
  const begun = await beginImport(trx, {
    kind: 'members',
    orgId: target.id,
    fileHash: locked.fileHash,
    filename: locked.filename,
    preview,
    actorId: ctx.actorId,
    now: ctx.now,
  });
  if ('done' in begun) {
    await completeImportJob(trx, job.id, begun.done, ctx.now);
    return begun.done;
  }
  // Members go anywhere below the target and the rollups follow their paths: no move there until
  // we commit (ADR 0010).
  await lockOrgTree(trx, { wholeSubtrees: [target.id] });
  const chunks = await jobRowChunks(trx, job.id);
  const total = chunks.reduce((n, c) => n + c.rowCount, 0);
  let done = 0;
  let added = 0;
  for (const chunk of chunks) {
    // A plain INSERT (no ON CONFLICT): an ID number registered by someone else after the preview
    // is a unique violation that undoes the whole import. In update mode the people registered in
    // the subtree are left to the update below.
    const result = await sql`
      with added as (
        insert into members (${sql.raw(MEMBER_COLUMNS)})
        select o.id, x.name, x.gender, x.ethnicity, x.birth_date, x.id_number_enc, x.id_number_hash,
               x.id_number_masked, x.phone_enc, x.phone_hash, x.phone_masked, x.address_enc, x.education,
               x.work_unit, x.position, x.joined_on, x.full_on, x.category, x.status, x.status_since,
               ${begun.importId}, ${ctx.now}, ${ctx.now}
          from member_import_job_rows c
          cross join lateral jsonb_to_recordset(c.rows) as x(${sql.raw(SEALED_TYPES)})
          join orgs o on o.code = coalesce(x.org_code, ${target.code})
                     and o.path like ${`${target.path}%`} and o.status = 'active'
         where c.job_id = ${job.id} and c.seq = ${chunk.seq}
           ${
             update
               ? sql`and not exists (select 1 from members r join orgs ro on ro.id = r.org_id
                where r.id_number_hash = x.id_number_hash and ro.path like ${`${target.path}%`})`
               : sql``
           }
        returning id, org_id, status, status_since
      )
      insert into member_status_history (member_id, org_id, status, since, reason, actor_id, at)
      select id, org_id, status, status_since, '批量导入', ${ctx.actorId}, ${ctx.now} from added
    `
      .execute(trx)
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === '23505') throw new ConflictError(CHANGED);
        throw error;
      });
    const inserted = Number(result.numAffectedRows ?? 0);
    // An organization closed or moved out of the target after the preview.
    if (!update && inserted !== chunk.rowCount) throw new ConflictError(CHANGED);
    added += inserted;
    done += chunk.rowCount;
    ctx.onProgress?.(done, total);
  }
  // Someone registered in the subtree, or an organization closed, since the preview.
  if (update && added !== preview.added) throw new ConflictError(CHANGED);
  const updated = update ? await applyChanges(trx, job.id, preview.changes, ctx.now) : 0;
  await ctx.audit?.({
    action: 'members.import',
    objectType: 'member_import',
    objectId: begun.importId,
    orgPath: target.path,
    detail: {
      rows: added + updated,
      filename: locked.filename,
      mode: preview.mode ?? 'add',
      added,
      updated,
      // Which fields of whom (never the values: they are personal data).
      changes: preview.changes?.map((c) => ({ memberId: c.memberId, fields: c.fields.map((f) => f.field) })),
    },
  });
  const result = { importId: begun.importId, imported: added, updated, alreadyImported: false };
  await completeImportJob(trx, job.id, result, ctx.now);
  return result;
}

const EDITED = '预览之后有人员的信息被修改过，本次导入已全部撤销，请重新上传预览';

/**
 * The previewed changes of registered people, set-based from the job's sealed rows: only the
 * fields with a non-blank value change, and only records not edited since the preview (else
 * everything is undone).
 */
async function applyChanges(trx: Trx, jobId: string, changes: readonly MemberChange[], now: Date) {
  if (changes.length === 0) return 0;
  const versions = JSON.stringify(changes.map((c) => ({ id: c.memberId, updated_at: c.updatedAt })));
  const result = await sql`
    update members m set
      name = x.name,
      ethnicity = coalesce(x.ethnicity, m.ethnicity),
      phone_enc = coalesce(x.phone_enc, m.phone_enc),
      phone_hash = coalesce(x.phone_hash, m.phone_hash),
      phone_masked = coalesce(x.phone_masked, m.phone_masked),
      address_enc = coalesce(x.address_enc, m.address_enc),
      education = coalesce(x.education, m.education),
      work_unit = coalesce(x.work_unit, m.work_unit),
      position = coalesce(x.position, m.position),
      category = x.category,
      updated_at = ${now}
      from member_import_job_rows c
      cross join lateral jsonb_to_recordset(c.rows) as x(${sql.raw(SEALED_TYPES)}),
      jsonb_to_recordset(${versions}::jsonb) as v(id integer, updated_at timestamptz)
     where c.job_id = ${jobId} and m.id = v.id and m.updated_at = v.updated_at
       and m.id_number_hash = x.id_number_hash
  `.execute(trx);
  const updated = Number(result.numAffectedRows ?? 0);
  if (updated !== changes.length) throw new ConflictError(EDITED);
  return updated;
}
