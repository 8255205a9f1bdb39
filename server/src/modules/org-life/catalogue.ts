import { sql } from 'kysely';
import { z } from 'zod';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { placeProfileOf } from '../../platform/place-profile.ts';
import { FREQUENCIES } from './periods.ts';

/** One rule with its provenance: V/S/L as in domain-rules.md. U rules are never published. */
export const ruleSchema = z.object({
  text: z.string().min(1).max(200),
  status: z.enum(['V', 'S', 'L']),
  source: z.string().min(1).max(300),
});

export const activityTypeSchema = z.object({
  code: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[a-z0-9_]+$/),
  name: z.string().min(1).max(40),
  frequency: z.enum(FREQUENCIES),
  timesPerPeriod: z.number().int().min(1).max(31),
  attendees: z.enum(['all_members', 'committee', 'group']),
  voting: z.boolean(),
  appliesToKinds: z.array(z.string()).min(1),
  dueSoonDays: z.number().int().min(0).max(180),
  procedure: z.array(z.string().min(1).max(200)).max(30),
  requiredFields: z.array(
    z.enum(['topic', 'hostName', 'recorderName', 'minutes', 'attendance', 'resolutions']),
  ),
  pointsRule: z.string().max(60).nullable(),
  rule: ruleSchema,
  /**
   * Who holds the obligation: the organization itself, only a branch that has a committee
   * (支部委员会), or each of its party groups (党小组). Absent in the catalogues published before
   * issue 13: see `holderOf`.
   */
  holder: z.enum(['org', 'committee', 'groups']).optional(),
  /** The period an organization is established in: judged (`full`) or not required (`exempt`). */
  firstPeriod: z.enum(['exempt', 'full']).optional(),
});
export type ActivityType = z.infer<typeof activityTypeSchema>;

/**
 * Who holds an obligation (issue 13). Catalogues published before the field existed: a type
 * attended by a party group (党小组会) belongs to each group; the committee meeting (支委会)
 * only to a branch with a committee — below the setup rule's full members (orgs.setup) the branch
 * assembly takes that role (支部工作条例第十六条; domain-rules.md §3.1, V).
 */
export function holderOf(type: ActivityType): 'org' | 'committee' | 'groups' {
  if (type.holder) return type.holder;
  if (type.attendees === 'group') return 'groups';
  if (type.code === 'committee_meeting') return 'committee';
  return 'org';
}

/** Whether an organization of this kind holds (and may record) meetings of the type. */
export function appliesToKind(type: ActivityType, kind: string): boolean {
  return holderOf(type) === 'groups' ? kind === 'group' : type.appliesToKinds.includes(kind);
}

/**
 * The rule for the period in which an organization is established (issue 13). No national text
 * was found (domain-rules.md has none), so it is recorded as local practice: a profile may set a
 * type's `firstPeriod` to `full` to judge that period too.
 */
export const FIRST_PERIOD_RULE = {
  text: '组织成立之日前没有组织生活要求；成立当期（成立日晚于该周期第一天）不作要求，自成立后第一个完整周期起计',
  status: 'L' as const,
  source:
    '未见全国性条文（domain-rules.md 未载），按各地"新建组织当期不考核"的做法列为地方做法；地方档案可将活动类型的 firstPeriod 设为 full 改为成立当期即须召开',
};

export const ATTENDEE_LABELS: Record<ActivityType['attendees'], string> = {
  all_members: '全体党员',
  committee: '支部委员',
  group: '党小组成员',
};

export interface Catalogue {
  id: number;
  profile: string;
  version: string;
  effectiveFrom: string;
  name: string;
  source: string;
  types: ActivityType[];
}

/** A catalogue as stored: its types are JSON, checked by `toCatalogue`. */
export type CatalogueRow = Omit<Catalogue, 'types'> & { types: unknown };

/** A catalogue row with its types checked against the schema. */
export function toCatalogue(row: CatalogueRow): Catalogue {
  return { ...row, types: z.array(activityTypeSchema).parse(row.types) };
}

/** The place profile of an organization (the nearest assigned on its path). */
export const profileOf = placeProfileOf;

/** The catalogue version of a profile in effect on a date (the latest one that started by then). */
export async function catalogueFor(db: Executor, profile: string, date: string): Promise<Catalogue> {
  const pick = (p: string) =>
    db
      .selectFrom('orgLifeCatalogues')
      .select(['id', 'profile', 'version', 'effectiveFrom', 'name', 'source', 'types'])
      .where('profile', '=', p)
      .where('effectiveFrom', '<=', date)
      .orderBy('effectiveFrom', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  const row = (await pick(profile)) ?? (profile !== 'default' ? await pick('default') : undefined);
  if (!row) throw new NotFoundError(`${date} 没有生效的组织生活目录`);
  return toCatalogue(row);
}

export async function catalogueById(db: Executor, id: number): Promise<Catalogue> {
  const row = await db
    .selectFrom('orgLifeCatalogues')
    .select(['id', 'profile', 'version', 'effectiveFrom', 'name', 'source', 'types'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('组织生活目录不存在');
  return toCatalogue(row);
}

export async function listCatalogues(db: Executor) {
  const rows = await db
    .selectFrom('orgLifeCatalogues')
    .select(['id', 'profile', 'version', 'effectiveFrom', 'name', 'source', 'types'])
    .orderBy('profile')
    .orderBy('effectiveFrom', 'desc')
    .execute();
  return rows.map(toCatalogue);
}

/** Profiles used anywhere below a subtree root (for district-wide compliance). */
export async function profilesWithin(db: Executor, rootPath: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('placeProfiles as p')
    .innerJoin('orgs as o', 'o.id', 'p.orgId')
    .select(['o.path', 'p.profile'])
    .where((eb) =>
      eb.or([
        eb('o.path', 'like', `${rootPath}%`),
        eb(sql<string>`${rootPath}`, 'like', sql<string>`o.path || '%'`),
      ]),
    )
    .execute();
  return new Map(rows.map((r) => [r.path, r.profile]));
}

/** Resolve a path's profile from a prefetched map of assigned paths. */
export function profileFromMap(assigned: Map<string, string>, path: string): string {
  let best = '';
  let profile = 'default';
  for (const [p, prof] of assigned) {
    if (path.startsWith(p) && p.length > best.length) {
      best = p;
      profile = prof;
    }
  }
  return profile;
}
