import { sql } from 'kysely';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type {
  BoardRowDto,
  DimensionScores,
  FactRef,
  Grade,
  IndicatorDimension,
  IndicatorParams,
  ScoringMethod,
  StarRowDto,
} from './assessment.contract.ts';

export async function getScheme(db: Executor, id: number) {
  const scheme = await db
    .selectFrom('assessmentSchemes as s')
    .innerJoin('orgs as o', 'o.id', 's.orgId')
    .selectAll('s')
    .select('o.name as orgName')
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!scheme) return undefined;
  const indicators = await db
    .selectFrom('assessmentIndicators')
    .selectAll()
    .where('schemeId', '=', id)
    .orderBy('seq')
    .execute();
  return {
    ...scheme,
    indicators: indicators.map((i) => ({
      ...i,
      weight: Number(i.weight),
      params: i.params as IndicatorParams,
    })),
  };
}
export type SchemeRow = NonNullable<Awaited<ReturnType<typeof getScheme>>>;

/** A scheme is seen by whoever may read assessments at its place or anywhere below it. */
function seesScheme(actor: Actor, orgPath: string) {
  return (
    actor.can('assessment.read', orgPath) || actor.paths('assessment.read').some((p) => p.startsWith(orgPath))
  );
}

export async function getVisibleScheme(db: Executor, actor: Actor, id: number, lock = false) {
  if (lock) await db.selectFrom('assessmentSchemes').select('id').where('id', '=', id).forUpdate().execute();
  const row = await getScheme(db, id);
  if (!row || !seesScheme(actor, row.orgPath)) throw new NotFoundError('考核方案不存在或无权访问');
  return row;
}

/** Schemes that apply to the caller's places (at or above them), newest first. */
export async function findSchemes(db: Executor, actor: Actor, orgPath: string | undefined, year?: number) {
  let q = db
    .selectFrom('assessmentSchemes as s')
    .select(['s.id', 's.orgPath'])
    .orderBy('s.year', 'desc')
    .orderBy('s.version', 'desc');
  if (year) q = q.where('s.year', '=', year);
  const rows = await q.execute();
  const visible = rows.filter(
    (r) =>
      seesScheme(actor, r.orgPath) &&
      (!orgPath || orgPath.startsWith(r.orgPath) || r.orgPath.startsWith(orgPath)),
  );
  const out: SchemeRow[] = [];
  for (const r of visible) {
    const s = await getScheme(db, r.id);
    if (s) out.push(s);
  }
  return out;
}

/** The published scheme of a year that covers the organization at `path` (nearest place first). */
export async function schemeCovering(db: Executor, path: string, year: number) {
  const rows = await db
    .selectFrom('assessmentSchemes')
    .select(['id', 'orgPath'])
    .where('year', '=', year)
    .where('status', '=', 'published')
    .execute();
  const covering = rows
    .filter((r) => path.startsWith(r.orgPath))
    .sort((a, b) => b.orgPath.length - a.orgPath.length);
  return covering[0]?.id;
}

export async function getScore(db: Executor, id: number) {
  return db
    .selectFrom('assessmentScores as c')
    .innerJoin('orgs as o', 'o.id', 'c.orgId')
    .innerJoin('assessmentSchemes as s', 's.id', 'c.schemeId')
    .leftJoin('assessmentStarRatings as r', (j) =>
      j.onRef('r.orgId', '=', 'c.orgId').onRef('r.year', '=', 'c.year'),
    )
    .selectAll('c')
    .select([
      'o.name as orgName',
      's.orgPath as schemePath',
      's.title as schemeTitle',
      's.version as schemeVersion',
      's.status as schemeStatus',
      'r.stars',
      'r.status as starStatus',
      sql<number>`(select count(*)::int from assessment_appeals a where a.score_id = c.id and a.status = 'open')`.as(
        'openAppeals',
      ),
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
}
export type ScoreRow = NonNullable<Awaited<ReturnType<typeof getScore>>>;

export async function getVisibleScore(db: Executor, actor: Actor, id: number, lock = false) {
  if (lock) await db.selectFrom('assessmentScores').select('id').where('id', '=', id).forUpdate().execute();
  const row = await getScore(db, id);
  if (!row || !actor.can('assessment.read', row.orgPath)) throw new NotFoundError('考核得分不存在或无权访问');
  return row;
}

/** The indicator points stored inside scores, with their indicators, in the scheme's order. */
export async function indicatorScoresOf(db: Executor, scoreIds: number[], withFacts = true) {
  if (scoreIds.length === 0) return [];
  const { rows } = await sql<{
    scoreId: number;
    id: number;
    aspect: string;
    code: string;
    name: string;
    weight: string;
    method: ScoringMethod;
    dimension: IndicatorDimension;
    ruleSource: string;
    points: string | null;
    explanation: string;
    facts: FactRef[] | null;
    reviewerName: string | null;
    evidence: string | null;
    comment: string | null;
  }>`
    select c.id as score_id, i.id, i.aspect, i.code, i.name, i.weight, i.method, i.dimension, i.rule_source,
           e.points,
           coalesce(nullif(e.explanation, ''), '评审人' || coalesce(e."reviewerName", '') || '评分：' ||
                    coalesce(e.comment, '') || '（佐证：' || coalesce(e.evidence, '') || '）') as explanation,
           ${withFacts ? sql`e.facts` : sql`'[]'::jsonb`} as facts,
           e."reviewerName" as reviewer_name, e.evidence, e.comment
      from assessment_scores c
     cross join lateral jsonb_to_recordset(c.indicators)
           as e("indicatorId" int, points numeric, explanation text, facts jsonb, "reviewerName" text,
                evidence text, comment text)
      join assessment_indicators i on i.id = e."indicatorId"
     where c.id = any(${sql`${scoreIds}::int[]`})
     order by c.id, i.seq`.execute(db);
  return rows.map((r) => ({
    ...r,
    weight: Number(r.weight),
    points: r.points === null ? null : Number(r.points),
    facts: r.facts ?? [],
  }));
}

const EMPTY_DIMENSIONS: DimensionScores = { daily: null, special: null, yearEnd: null, debriefing: null };

export const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The board's row of a stored score (the list and the detail share it). */
export function boardRowOf(r: {
  id: number;
  orgId: number;
  orgName: string;
  orgLevel: string;
  total: unknown;
  grade: string | null;
  computedGrade: string | null;
  rank: number | null;
  rankOf: number | null;
  dimensions: DimensionScores;
  missing: number;
  computedAt: Date;
  stars: number | null;
  starStatus: string | null;
  openAppeals: unknown;
}): BoardRowDto {
  return {
    scoreId: r.id,
    orgId: r.orgId,
    orgName: r.orgName,
    orgLevel: r.orgLevel,
    total: num(r.total),
    grade: r.grade as Grade | null,
    computedGrade: r.computedGrade as Grade | null,
    rank: r.rank,
    rankOf: r.rankOf,
    dimensions: { ...EMPTY_DIMENSIONS, ...r.dimensions },
    missing: r.missing,
    stars: r.stars ?? null,
    starsPublished: r.starStatus === 'published',
    openAppeals: Number(r.openAppeals),
    computedAt: r.computedAt.toISOString(),
  };
}

/**
 * The stored scores of an organization and its subtree for a year (kept current by recomputation,
 * read here with one indexed query on the path).
 */
export async function findScores(db: Executor, path: string, year: number): Promise<BoardRowDto[]> {
  const rows = await db
    .selectFrom('assessmentScores as c')
    .innerJoin('orgs as o', 'o.id', 'c.orgId')
    .leftJoin('assessmentStarRatings as r', (j) =>
      j.onRef('r.orgId', '=', 'c.orgId').onRef('r.year', '=', 'c.year'),
    )
    .innerJoin('assessmentSchemes as s', 's.id', 'c.schemeId')
    .select([
      'c.id',
      'c.orgId',
      'o.name as orgName',
      'c.orgLevel',
      'c.total',
      'c.grade',
      'c.computedGrade',
      'c.rank',
      'c.rankOf',
      'c.dimensions',
      'c.missing',
      'c.computedAt',
      'r.stars',
      'r.status as starStatus',
      sql<number>`(select count(*)::int from assessment_appeals a where a.score_id = c.id and a.status = 'open')`.as(
        'openAppeals',
      ),
    ])
    .where('c.orgPath', 'like', `${path}%`)
    .where('c.year', '=', year)
    .where('s.status', '=', 'published')
    .orderBy(sql`c.total desc nulls last`)
    .orderBy('c.orgId')
    .execute();
  return rows.map(boardRowOf);
}

/** Star ratings of a subtree for a year, with the five-star streak and the reward recorded. */
export async function findStars(db: Executor, path: string, year: number): Promise<StarRowDto[]> {
  const { rows } = await sql<{
    orgId: number;
    orgName: string;
    year: number;
    total: string | null;
    computedStars: number;
    stars: number;
    vetoReason: string | null;
    status: 'draft' | 'published';
    streak: number;
    amount: string | null;
    recipients: { name: string; amount: number }[] | null;
  }>`
    select r.org_id, o.name as org_name, r.year, c.total, r.computed_stars, r.stars, r.veto_reason, r.status,
           (select count(*)::int from assessment_star_ratings p
             where p.org_id = r.org_id and p.status = 'published' and p.stars = 5
               and p.year between ${year - 2} and ${year}) as streak,
           w.amount, w.recipients
      from assessment_star_ratings r
      join orgs o on o.id = r.org_id
      left join assessment_scores c on c.id = r.score_id
      left join assessment_rewards w on w.org_id = r.org_id and w.year = r.year
     where r.org_path like ${`${path}%`} and r.year = ${year}
     order by r.stars desc, c.total desc nulls last, r.org_id`.execute(db);
  return rows.map((r) => ({
    orgId: r.orgId,
    orgName: r.orgName,
    year: r.year,
    total: num(r.total),
    computedStars: r.computedStars,
    stars: r.stars,
    vetoReason: r.vetoReason,
    status: r.status,
    fiveStarStreak: r.streak,
    reward: r.amount === null ? null : { amount: Number(r.amount), recipients: r.recipients ?? [] },
  }));
}

/** Published five stars in each of the three years up to `year`. */
export async function fiveStarsThreeYears(db: Executor, orgId: number, year: number) {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from assessment_star_ratings
     where org_id = ${orgId} and status = 'published' and stars = 5 and year between ${year - 2} and ${year}`.execute(
    db,
  );
  return (rows[0]?.n ?? 0) === 3;
}

/**
 * The party-building part of each unit's annual goals (streets and party departments of the
 * place): the mean stored total of the organizations assessed below it, times the unit's weight.
 * One grouped query; nothing computed per organization in JS.
 */
export async function goalWeightRows(db: Executor, path: string, schemeId: number) {
  const { rows } = await sql<{
    orgId: number;
    orgName: string;
    unitKind: 'street' | 'partyDepartment';
    score: string | null;
    scored: number;
  }>`
    select o.id as org_id, o.name as org_name,
           case when o.level = 'street' then 'street' else 'partyDepartment' end as unit_kind,
           round(avg(c.total), 2) as score, count(c.total)::int as scored
      from orgs o
      left join assessment_scores c
        on c.scheme_id = ${schemeId} and c.org_path like o.path || '%' and c.total is not null
     where o.path like ${`${path}%`} and o.status = 'active' and (o.level = 'street' or o.unit_type = 'agency')
     group by o.id, o.name, o.level, o.path
     order by o.path`.execute(db);
  return rows.map((r) => ({ ...r, score: num(r.score) }));
}
