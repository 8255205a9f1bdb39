import { type Actor, authorize } from '../../platform/actor.ts';
import { updateAudited } from '../../platform/audited.ts';
import { chinaDate } from '../../platform/clock.ts';
import type { FieldCrypto } from '../../platform/crypto.ts';
import type { Trx } from '../../platform/db.ts';
import { type FieldErrors, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { AuditFn } from '../../platform/http.ts';
import { loadOrgFor } from '../../platform/org-scope.ts';
import { ALLIANCE_KINDS, lockOrgTree } from '../orgs/index.ts';
import {
  ID_PROBLEM_MESSAGES,
  idNumberFacts,
  idNumberProblem,
  LANDLINE_PATTERN,
  MOBILE_PATTERN,
  maskIdNumber,
  maskPhone,
  normalizeIdNumber,
  normalizePhone,
  PHONE_RULE_MESSAGE,
} from './idcard.ts';
import { type JoinAgeRule, joinAgeProblem } from './member-checks.contract.ts';
import type {
  CreateMemberBody,
  Education,
  Gender,
  MemberStatus,
  UpdateMemberBody,
} from './members.contract.ts';
import { getMember, type MemberRow } from './members.queries.ts';
import { AlreadyRegisteredError, CannotRegisterHereError } from './registration-conflicts.ts';
import { getRule } from './rules.ts';

export interface MemberActionContext {
  trx: Trx;
  audit: AuditFn;
  actor: Actor;
  now: Date;
  crypto: FieldCrypto;
}

/** Today's calendar date in China (the platform clock's `chinaDate`). */
export const today = chinaDate;

/** The member fields after validation: what the registry stores (before encryption). */
export interface MemberValues {
  name: string;
  gender: Gender;
  ethnicity: string | null;
  birthDate: string;
  idNumber: string;
  phone: string | null;
  address: string | null;
  education: Education | null;
  workUnit: string | null;
  position: string | null;
  joinedOn: string;
  fullOn: string | null;
  category: string;
  status: MemberStatus;
}

/**
 * Field checks shared by the form and the import: GB 11643 ID number, gender and birth date
 * consistent with it, mobile format, dates in order, category from the place's list.
 */
export function checkMemberValues(
  input: {
    idNumber: string;
    gender?: Gender | null;
    birthDate?: string | null;
    phone?: string | null;
    joinedOn: string;
    fullOn?: string | null;
    category: string;
    status: MemberStatus;
  },
  todayStr: string,
  categories: readonly string[],
  /** The age-at-joining rule in force (members.join_age); `year` when the caller did not type the ID number. */
  joinAge?: { rule: JoinAgeRule; precision: 'day' | 'year' },
): { errors: FieldErrors; idNumber: string; phone: string | null; gender: Gender; birthDate: string } {
  const errors: FieldErrors = {};
  const idNumber = normalizeIdNumber(input.idNumber);
  const problem = idNumberProblem(idNumber, new Date(`${todayStr}T00:00:00Z`));
  let gender: Gender = input.gender ?? 'male';
  let birthDate = input.birthDate ?? '';
  if (problem) {
    errors.idNumber = ID_PROBLEM_MESSAGES[problem];
  } else {
    const facts = idNumberFacts(idNumber);
    if (input.gender && input.gender !== facts.gender) errors.gender = '性别与身份证号不一致';
    if (input.birthDate && input.birthDate !== facts.birthDate) errors.birthDate = '出生日期与身份证号不一致';
    gender = facts.gender;
    birthDate = facts.birthDate;
  }
  let phone: string | null = null;
  if (input.phone) {
    phone = normalizePhone(input.phone);
    if (!MOBILE_PATTERN.test(phone) && !LANDLINE_PATTERN.test(phone)) errors.phone = PHONE_RULE_MESSAGE;
  }
  if (input.joinedOn > todayStr) errors.joinedOn = '入党日期不能晚于今天';
  // Compared by year: a day-level answer would let anyone who may edit the record find the hidden
  // birth date by trying join dates (issue 11).
  else if (birthDate && input.joinedOn.slice(0, 4) <= birthDate.slice(0, 4))
    errors.joinedOn = '入党年份必须晚于出生年份';
  else if (birthDate && joinAge) {
    const problem = joinAgeProblem(birthDate, input.joinedOn, joinAge.rule, joinAge.precision);
    if (problem) errors.joinedOn = problem;
  }
  if (input.fullOn) {
    if (input.fullOn < input.joinedOn) errors.fullOn = '转正日期不能早于入党日期';
    else if (input.fullOn > todayStr) errors.fullOn = '转正日期不能晚于今天';
  }
  if (input.status === 'full' && !input.fullOn) errors.fullOn = '正式党员须填写转正日期';
  if (input.status === 'probationary' && input.fullOn) errors.fullOn = '预备党员不应填写转正日期';
  if (!categories.includes(input.category)) errors.category = '党员类别不在本地党员类别清单中';
  return { errors, idNumber, phone, gender, birthDate };
}

export function encryptedColumns(
  crypto: FieldCrypto,
  v: { idNumber: string; phone: string | null; address: string | null },
) {
  return {
    idNumberEnc: crypto.encrypt(v.idNumber),
    idNumberHash: crypto.blindIndex(v.idNumber),
    idNumberMasked: maskIdNumber(v.idNumber),
    phoneEnc: v.phone ? crypto.encrypt(v.phone) : null,
    phoneHash: v.phone ? crypto.blindIndex(v.phone) : null,
    phoneMasked: v.phone ? maskPhone(v.phone) : null,
    addressEnc: v.address ? crypto.encrypt(v.address) : null,
  };
}

export async function categoryCodes(trx: Trx, orgPath: string, day: string): Promise<string[]> {
  const rule = await getRule(trx, 'members.categories', orgPath, day);
  return rule.value.map((c) => c.code);
}

async function assertIdFree(ctx: MemberActionContext, idNumber: string, exceptId?: number) {
  let q = ctx.trx
    .selectFrom('members as m')
    .innerJoin('orgs as o', 'o.id', 'm.orgId')
    .select(['m.id', 'o.path'])
    .where('m.idNumberHash', '=', ctx.crypto.blindIndex(idNumber));
  if (exceptId !== undefined) q = q.where('m.id', '!=', exceptId);
  const existing = await q.executeTakeFirst();
  if (!existing) return;
  // Within the caller's scope the record can be seen anyway: say so.
  if (ctx.actor.can('members.read', existing.path)) throw new AlreadyRegisteredError();
  // Elsewhere: no existence oracle (security.md ID-08); the case goes to the common ancestor.
  throw new CannotRegisterHereError({
    memberId: existing.id,
    orgPath: existing.path,
    idNumberMasked: maskIdNumber(idNumber),
  });
}

export async function createMember(
  ctx: MemberActionContext,
  orgId: number,
  body: CreateMemberBody,
): Promise<MemberRow> {
  // The rollups count the member toward the organization's ancestors: no move there until we commit.
  await lockOrgTree(ctx.trx, { paths: [orgId] });
  const org = await loadOrgFor(ctx.trx, ctx.actor, orgId, 'members.create');
  if (org.status !== 'active') throw new ValidationError({ orgId: '组织已撤销，不能登记党员' });
  if (ALLIANCE_KINDS.includes(org.kind))
    throw new ValidationError({ orgId: '党员须编入党支部、党小组或党组织，不能编入联合体' });
  const day = today(ctx.now);
  const checked = checkMemberValues(
    { ...body, fullOn: body.fullOn ?? null },
    day,
    await categoryCodes(ctx.trx, org.path, day),
    { rule: (await getRule(ctx.trx, 'members.join_age', org.path, day)).value, precision: 'day' },
  );
  if (Object.keys(checked.errors).length) throw new ValidationError(checked.errors);
  await assertIdFree(ctx, checked.idNumber);
  const since = body.status === 'full' ? (body.fullOn as string) : body.joinedOn;
  const { id } = await ctx.trx
    .insertInto('members')
    .values({
      orgId: org.id,
      userId: null,
      name: body.name,
      gender: checked.gender,
      ethnicity: body.ethnicity ?? null,
      birthDate: checked.birthDate,
      ...encryptedColumns(ctx.crypto, {
        idNumber: checked.idNumber,
        phone: checked.phone,
        address: body.address ?? null,
      }),
      education: body.education ?? null,
      workUnit: body.workUnit ?? null,
      position: body.position ?? null,
      joinedOn: body.joinedOn,
      fullOn: body.fullOn ?? null,
      category: body.category,
      status: body.status,
      statusSince: since,
      importId: null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.trx
    .insertInto('memberStatusHistory')
    .values({
      memberId: id,
      status: body.status,
      since,
      reason: '登记',
      actorId: ctx.actor.user.id,
      at: ctx.now,
    })
    .execute();
  await ctx.audit({ action: 'members.create', objectType: 'member', objectId: id, orgPath: org.path });
  return (await getMember(ctx.trx, id))!;
}

/** A member row locked for update, visible to the caller, or 404. */
export async function lockMember(ctx: MemberActionContext, id: number): Promise<MemberRow> {
  const locked = await ctx.trx
    .selectFrom('members')
    .select(['id', 'orgId'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  // Then its organization's path (ADR 0010): the rollups of a write follow it.
  if (locked) await lockOrgTree(ctx.trx, { paths: [locked.orgId] });
  const row = locked ? await getMember(ctx.trx, id) : undefined;
  if (!row || !ctx.actor.sees(row.orgPath)) throw new NotFoundError('党员不存在或无权访问');
  return row;
}

export async function updateMember(
  ctx: MemberActionContext,
  id: number,
  body: UpdateMemberBody,
): Promise<MemberRow> {
  const row = await lockMember(ctx, id);
  authorize(ctx.actor, 'members.update', row.orgPath);
  const day = today(ctx.now);
  const currentId = ctx.crypto.decrypt(row.idNumberEnc);
  const idNumber = body.idNumber ?? currentId;
  const joinedOn = body.joinedOn ?? row.joinedOn;
  const fullOn = body.fullOn === undefined ? row.fullOn : body.fullOn;
  const category = body.category ?? row.category;
  const phone =
    body.phone === undefined ? (row.phoneEnc ? ctx.crypto.decrypt(row.phoneEnc) : null) : body.phone;
  const checked = checkMemberValues(
    {
      idNumber,
      gender: body.gender ?? null,
      phone,
      joinedOn,
      fullOn,
      category,
      // Status is changed through its own action; the date rules follow the current one.
      status: row.status === 'probationary' || row.status === 'full' ? row.status : 'full',
    },
    day,
    await categoryCodes(ctx.trx, row.orgPath, day),
    {
      rule: (await getRule(ctx.trx, 'members.join_age', row.orgPath, day)).value,
      precision: body.idNumber ? 'day' : 'year',
    },
  );
  if (
    row.status !== 'probationary' &&
    row.status !== 'full' &&
    checked.errors.fullOn === '正式党员须填写转正日期'
  ) {
    delete checked.errors.fullOn;
  }
  if (Object.keys(checked.errors).length) throw new ValidationError(checked.errors);
  if (checked.idNumber !== currentId) await assertIdFree(ctx, checked.idNumber, id);
  const address =
    body.address === undefined
      ? row.addressEnc
        ? ctx.crypto.decrypt(row.addressEnc)
        : null
      : (body.address ?? null);
  const changed = Object.keys(body).filter((k) => k !== 'idNumber' && k !== 'phone' && k !== 'address');
  await updateAudited(
    ctx,
    'members',
    id,
    {
      name: body.name ?? row.name,
      gender: checked.gender,
      birthDate: checked.birthDate,
      ethnicity: body.ethnicity === undefined ? row.ethnicity : body.ethnicity,
      ...encryptedColumns(ctx.crypto, { idNumber: checked.idNumber, phone: checked.phone, address }),
      education: body.education === undefined ? row.education : body.education,
      workUnit: body.workUnit === undefined ? row.workUnit : body.workUnit,
      position: body.position === undefined ? row.position : body.position,
      joinedOn,
      fullOn,
      category,
      updatedAt: ctx.now,
    },
    {
      action: 'members.update',
      objectType: 'member',
      orgPath: row.orgPath,
      // Field names only: never the values of personal data.
      detail: {
        changed: [
          ...changed,
          ...(['idNumber', 'phone', 'address'] as const)
            .filter((k) => k in body)
            .map((k) => `${k === 'idNumber' ? 'id_no' : k}`),
        ],
      },
    },
  );
  return (await getMember(ctx.trx, id))!;
}

const ALLOWED_STATUS_CHANGES: Record<MemberStatus, readonly MemberStatus[]> = {
  probationary: ['full', 'lost_contact', 'deceased', 'removed'],
  full: ['lost_contact', 'deceased', 'removed'],
  lost_contact: ['probationary', 'full', 'deceased', 'removed'],
  transferred_out: [],
  deceased: [],
  removed: [],
};

export async function changeStatus(
  ctx: MemberActionContext,
  id: number,
  body: { status: MemberStatus; since: string; reason: string },
): Promise<MemberRow> {
  const row = await lockMember(ctx, id);
  authorize(ctx.actor, 'members.update', row.orgPath);
  if (body.status === 'transferred_out') throw new ValidationError({ status: '转出请通过组织关系转接办理' });
  if (!ALLOWED_STATUS_CHANGES[row.status].includes(body.status)) {
    throw new ValidationError({ status: `不能从“${row.status}”变更为“${body.status}”` });
  }
  if (body.since > today(ctx.now)) throw new ValidationError({ since: '变更日期不能晚于今天' });
  if (body.since < row.statusSince)
    throw new ValidationError({ since: '变更日期不能早于当前状态的开始日期' });
  await ctx.trx
    .updateTable('members')
    .set({
      status: body.status,
      statusSince: body.since,
      fullOn: body.status === 'full' && row.status === 'probationary' ? body.since : row.fullOn,
      updatedAt: ctx.now,
    })
    .where('id', '=', id)
    .execute();
  await ctx.trx
    .insertInto('memberStatusHistory')
    .values({
      memberId: id,
      status: body.status,
      since: body.since,
      reason: body.reason,
      actorId: ctx.actor.user.id,
      at: ctx.now,
    })
    .execute();
  await ctx.audit({
    action: 'members.change_status',
    objectType: 'member',
    objectId: id,
    orgPath: row.orgPath,
    detail: { from: row.status, to: body.status, since: body.since },
  });
  return (await getMember(ctx.trx, id))!;
}

/** Delete a record entered by mistake (people who leave change status instead). */
export async function deleteMember(ctx: MemberActionContext, id: number, reason: string): Promise<void> {
  const row = await lockMember(ctx, id);
  authorize(ctx.actor, 'members.delete', row.orgPath);
  await ctx.trx.deleteFrom('members').where('id', '=', id).execute();
  await ctx.audit({
    action: 'members.delete',
    objectType: 'member',
    objectId: id,
    orgPath: row.orgPath,
    detail: { reason },
  });
}

/** Show unmasked fields: permission, a stated reason, and an audit row (fail closed). */
export async function revealMember(
  ctx: MemberActionContext,
  id: number,
  fields: readonly ('idNumber' | 'phone' | 'address')[],
  reason: string,
) {
  const row = await lockMember(ctx, id);
  authorize(ctx.actor, 'members.reveal', row.orgPath);
  await ctx.audit({
    action: 'members.reveal',
    objectType: 'member',
    objectId: id,
    orgPath: row.orgPath,
    detail: { fields: fields.map((f) => (f === 'idNumber' ? 'id_no' : f)), reason },
  });
  const out: { idNumber?: string; phone?: string | null; address?: string | null } = {};
  if (fields.includes('idNumber')) out.idNumber = ctx.crypto.decrypt(row.idNumberEnc);
  if (fields.includes('phone')) out.phone = row.phoneEnc ? ctx.crypto.decrypt(row.phoneEnc) : null;
  if (fields.includes('address')) out.address = row.addressEnc ? ctx.crypto.decrypt(row.addressEnc) : null;
  return out;
}

export async function addPost(ctx: MemberActionContext, id: number, title: string, startedOn: string) {
  const row = await lockMember(ctx, id);
  authorize(ctx.actor, 'members.update', row.orgPath);
  const post = await ctx.trx
    .insertInto('memberPosts')
    .values({ memberId: id, orgId: row.orgId, title, startedOn, endedOn: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.audit({
    action: 'members.add_post',
    objectType: 'member',
    objectId: id,
    orgPath: row.orgPath,
    detail: { title },
  });
  return post.id;
}

export async function endPost(ctx: MemberActionContext, id: number, postId: number, endedOn: string) {
  const row = await lockMember(ctx, id);
  authorize(ctx.actor, 'members.update', row.orgPath);
  const post = await ctx.trx
    .selectFrom('memberPosts')
    .select(['id', 'startedOn', 'endedOn'])
    .where('id', '=', postId)
    .where('memberId', '=', id)
    .executeTakeFirst();
  if (!post) throw new NotFoundError('职务记录不存在');
  if (post.endedOn) throw new ValidationError({ endedOn: '该职务已经结束' });
  if (endedOn < post.startedOn) throw new ValidationError({ endedOn: '结束日期不能早于开始日期' });
  await ctx.trx.updateTable('memberPosts').set({ endedOn }).where('id', '=', postId).execute();
  await ctx.audit({ action: 'members.end_post', objectType: 'member', objectId: id, orgPath: row.orgPath });
}
