import { sql } from 'kysely';
import type { Actor } from '../../platform/actor.ts';
import type { Db, Trx } from '../../platform/db.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { AuditFn } from '../../platform/http.ts';
import type { ScopedOrg } from '../../platform/org-scope.ts';
import type {
  DimensionRules,
  FactRef,
  FactSource,
  GradeRules,
  SchemeInput,
  StarRules,
} from './assessment.contract.ts';
import { fiveStarsThreeYears, getScheme, num, type SchemeRow, type ScoreRow } from './assessment.queries.ts';
import { dimensionTotal, gradeAll, rankAll, scoreIndicator, starsOf } from './assessment.scoring.ts';
import { FactIndex, loadFacts, SOURCE_NAMES } from './assessment.sources.ts';
import type { StoredIndicator } from './assessment.tables.ts';

/** What a service function needs: one transaction, its audit and the time (the caller when a person acts). */
export interface AssessmentContext {
  trx: Trx;
  audit: AuditFn;
  now: Date;
  actor?: Actor;
}

/** Organizations a scheme assesses: the branches (and general branches) below its place. */
const ASSESSED_KINDS = ['branch', 'general_branch'];

export async function createScheme(ctx: AssessmentContext, org: ScopedOrg, b: SchemeInput): Promise<number> {
  const codes = new Set<string>();
  for (const i of b.indicators) {
    if (codes.has(i.code)) throw new ValidationError({ indicators: `指标编号 ${i.code} 重复` });
    codes.add(i.code);
  }
  const last = await ctx.trx
    .selectFrom('assessmentSchemes')
    .select(sql<number>`coalesce(max(version), 0)::int`.as('v'))
    .where('orgId', '=', org.id)
    .where('year', '=', b.year)
    .executeTakeFirst();
  const { id } = await ctx.trx
    .insertInto('assessmentSchemes')
    .values({
      orgId: org.id,
      orgPath: org.path,
      year: b.year,
      version: (last?.v ?? 0) + 1,
      title: b.title,
      effectiveFrom: b.effectiveFrom,
      source: b.source,
      gradeRules: JSON.stringify(b.gradeRules),
      starRules: JSON.stringify(b.starRules),
      dimensions: JSON.stringify(b.dimensions),
      createdBy: ctx.actor?.user.id ?? null,
      createdAt: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.trx
    .insertInto('assessmentIndicators')
    .values(
      b.indicators.map((i, seq) => ({
        schemeId: id,
        seq,
        aspect: i.aspect,
        code: i.code,
        name: i.name,
        weight: i.weight,
        method: i.method,
        dimension: i.dimension,
        source: i.source,
        params: JSON.stringify(i.params ?? {}),
        ruleSource: i.ruleSource,
      })),
    )
    .execute();
  await ctx.audit({
    action: 'assessment.scheme_created',
    objectType: 'assessment_scheme',
    objectId: id,
    orgPath: org.path,
    detail: { year: b.year, indicators: b.indicators.length },
  });
  return id;
}

/** Publishes (freezes) a draft: the version before it for the same place and year is superseded. */
export async function publishScheme(
  ctx: AssessmentContext,
  scheme: SchemeRow,
  options?: Parameters<typeof recomputeScheme>[2],
) {
  await ctx.trx
    .updateTable('assessmentSchemes')
    .set({ status: 'superseded' })
    .where('orgId', '=', scheme.orgId)
    .where('year', '=', scheme.year)
    .where('status', '=', 'published')
    .execute();
  await ctx.trx
    .updateTable('assessmentSchemes')
    .set({ status: 'published', publishedAt: ctx.now, publishedBy: ctx.actor?.user.id ?? null })
    .where('id', '=', scheme.id)
    .execute();
  return recomputeScheme(ctx, scheme.id, options);
}

interface Kept {
  id: number;
  total: number | null;
  points: Map<number, number | null>;
  /** Reviewers' scores (manual indicators, upheld appeals), kept over recomputation. */
  manual: Map<number, StoredIndicator>;
}

/**
 * Recomputes and stores every score of a published scheme from the records (one query per fact
 * source over the place), keeping reviewers' scores, then grades (share cap) and ranks the
 * population and drafts the star ratings. A score that changes is audited with before and after.
 */
export async function recomputeScheme(
  ctx: AssessmentContext,
  schemeId: number,
  options: {
    /** Reviewers' scores given with the computation (the demo's review group), kept as if scored before. */
    reviewed?: (
      orgId: number,
      indicator: { id: number; seq: number; weight: number },
    ) => StoredIndicator | undefined;
  } = {},
) {
  const started = Date.now();
  const scheme = await getScheme(ctx.trx, schemeId);
  if (!scheme) throw new Error(`no scheme ${schemeId}`);
  const gradeRules = scheme.gradeRules as GradeRules;
  const starRules = scheme.starRules as StarRules;
  const dimensionRules = scheme.dimensions as DimensionRules;
  const { rows: orgs } = await sql<{ id: number; path: string; level: string; parentId: number | null }>`
    select id, path, coalesce(level, kind) as level, parent_id from orgs
     where path like ${`${scheme.orgPath}%`} and status = 'active' and kind = any(${sql`${ASSESSED_KINDS}::text[]`})
     order by path`.execute(ctx.trx);

  const sources = [...new Set(scheme.indicators.map((i) => i.source).filter((s): s is string => s !== null))];
  const indexes = new Map<string, FactIndex>();
  for (const s of sources) {
    indexes.set(s, new FactIndex(await loadFacts(ctx.trx, s as FactSource, scheme.orgPath, scheme.year)));
  }
  const debriefed = await debriefingScores(ctx.trx, schemeId);

  const existing = await keptScores(ctx.trx, schemeId);

  const computed = orgs.map((org) => {
    const items = scheme.indicators.map((ind) => {
      const kept =
        existing.get(org.id)?.manual.get(ind.id) ??
        (ind.method === 'manual' ? options.reviewed?.(org.id, ind) : undefined);
      const facts: FactRef[] = ind.source ? (indexes.get(ind.source)?.within(org.path) ?? []) : [];
      const auto = scoreIndicator(
        { ...ind, what: ind.source ? SOURCE_NAMES[ind.source as FactSource] : '' },
        facts,
      );
      if (kept) return { ind, facts, points: kept.points, explanation: kept.explanation, kept };
      return { ind, facts, points: auto.points, explanation: auto.explanation, kept: undefined };
    });
    const totals = dimensionTotal(
      items.map((i) => ({ dimension: i.ind.dimension, weight: i.ind.weight, points: i.points })),
      debriefed.get(org.id) ?? null,
      dimensionRules,
    );
    return { org, items, ...totals };
  });
  const grades = gradeAll(
    computed.map((c) => ({ id: c.org.id, total: c.total })),
    gradeRules,
  );
  // Siblings: the same level under the same parent.
  const ranks = rankAll(
    computed.map((c) => ({ id: c.org.id, total: c.total, group: `${c.org.parentId}:${c.org.level}` })),
  );

  // Stored set-based: one upsert of the scores with their indicators' points (one row per
  // organization) and one upsert of the draft star ratings, in chunks under the parameter limit.
  const scoreIds = new Map<number, number>();
  for (const part of chunks(computed, 500)) {
    const rows = part.map((c) => ({
      org_id: c.org.id,
      org_path: c.org.path,
      org_level: c.org.level,
      parent_id: c.org.parentId,
      total: c.total,
      computed_grade: grades.get(c.org.id)?.computed ?? null,
      grade: grades.get(c.org.id)?.grade ?? null,
      rank: ranks.get(c.org.id)?.rank ?? null,
      rank_of: ranks.get(c.org.id)?.of ?? null,
      missing: c.missing,
      dimensions: c.dimensions,
      indicators: c.items.map(
        (i): StoredIndicator =>
          i.kept ?? {
            indicatorId: i.ind.id,
            points: i.points,
            explanation: i.explanation,
            facts: i.facts.slice(0, 200),
            reviewerId: null,
            reviewerName: null,
            evidence: null,
            comment: null,
            scoredAt: null,
          },
      ),
    }));
    const { rows: ids } = await sql<{ id: number; orgId: number }>`
      insert into assessment_scores as c
        (scheme_id, year, computed_at, org_id, org_path, org_level, parent_id, total, computed_grade, grade,
         rank, rank_of, missing, dimensions, indicators)
      select ${schemeId}::int, ${scheme.year}::int, ${ctx.now}::timestamptz, v.*
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as v(org_id int, org_path text, org_level text, parent_id int, total numeric, computed_grade text,
               grade text, rank int, rank_of int, missing int, dimensions jsonb, indicators jsonb)
      on conflict (scheme_id, org_id) do update
         set org_path = excluded.org_path, org_level = excluded.org_level, parent_id = excluded.parent_id,
             total = excluded.total, computed_grade = excluded.computed_grade, grade = excluded.grade,
             rank = excluded.rank, rank_of = excluded.rank_of, missing = excluded.missing,
             dimensions = excluded.dimensions, indicators = excluded.indicators, computed_at = excluded.computed_at
      returning c.id, c.org_id`.execute(ctx.trx);
    for (const r of ids) scoreIds.set(r.orgId, r.id);
  }
  // The draft star rating follows the score until the street publishes it; a veto keeps its cap.
  for (const part of chunks(computed, 3000)) {
    await sql`
      insert into assessment_star_ratings (org_id, org_path, year, score_id, computed_stars, stars)
      select v.org_id, v.org_path, ${scheme.year}, v.score_id, v.stars, v.stars
        from jsonb_to_recordset(${JSON.stringify(
          part.map((c) => ({
            org_id: c.org.id,
            org_path: c.org.path,
            score_id: scoreIds.get(c.org.id),
            stars: starsOf(c.total, starRules),
          })),
        )}::jsonb) as v(org_id int, org_path text, score_id int, stars int)
      on conflict (org_id, year) do update
         set score_id = excluded.score_id, computed_stars = excluded.computed_stars,
             stars = case when assessment_star_ratings.veto_reason is null then excluded.stars
                          else least(assessment_star_ratings.stars, excluded.stars) end
       where assessment_star_ratings.status = 'draft'`.execute(ctx.trx);
  }

  let changed = 0;
  for (const c of computed) {
    const prev = existing.get(c.org.id);
    if (!prev) continue;
    const diff = c.items
      .filter((i) => (prev.points.get(i.ind.id) ?? null) !== i.points)
      .map((i) => ({ code: i.ind.code, before: prev.points.get(i.ind.id) ?? null, after: i.points }));
    if (diff.length > 0 || prev.total !== c.total) {
      changed += 1;
      await ctx.audit({
        action: 'assessment.score_recomputed',
        objectType: 'assessment_score',
        objectId: prev.id,
        orgPath: c.org.path,
        detail: { before: prev.total, after: c.total, indicators: diff },
      });
    }
  }
  return { scored: computed.length, changed, tookMs: Date.now() - started };
}

/**
 * The full recomputation of an organization's published scheme for a year in one transaction
 * (operations and the bench; scores that change are audited like any recomputation when `audit`
 * is given).
 */
export async function recomputeSchemeOf(
  db: Db,
  orgId: number,
  year: number,
  audit: AuditFn = async () => {},
) {
  return db.transaction().execute(async (trx) => {
    const scheme = await trx
      .selectFrom('assessmentSchemes')
      .select('id')
      .where('orgId', '=', orgId)
      .where('year', '=', year)
      .where('status', '=', 'published')
      .executeTakeFirst();
    if (!scheme) return undefined;
    return recomputeScheme({ trx, audit, now: new Date() }, scheme.id);
  });
}

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** The stored scores of a scheme by organization: each indicator's points and the reviewers' scores. */
async function keptScores(db: Trx, schemeId: number): Promise<Map<number, Kept>> {
  const rows = await db
    .selectFrom('assessmentScores')
    .select(['id', 'orgId', 'total', 'indicators'])
    .where('schemeId', '=', schemeId)
    .execute();
  const out = new Map<number, Kept>();
  for (const r of rows) {
    const stored = r.indicators.map((i) => ({ ...i, points: num(i.points) }));
    out.set(r.orgId, {
      id: r.id,
      total: num(r.total),
      points: new Map(stored.map((i) => [i.indicatorId, i.points])),
      manual: new Map(stored.filter((i) => i.reviewerId !== null).map((i) => [i.indicatorId, i])),
    });
  }
  return out;
}

/** Each organization's debriefing result under a scheme: the mean of its closed sessions' reports. */
async function debriefingScores(db: Trx, schemeId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('assessmentDebriefingReports as r')
    .innerJoin('assessmentDebriefings as d', 'd.id', 'r.debriefingId')
    .select(['r.orgId', sql<string>`round(avg(r.score), 2)`.as('score')])
    .where('d.schemeId', '=', schemeId)
    .where('d.status', '=', 'closed')
    .where('r.score', 'is not', null)
    .groupBy('r.orgId')
    .execute();
  return new Map(rows.map((r) => [r.orgId, Number(r.score)]));
}

/** The indicator of a score's scheme named by its code (400 naming the field otherwise). */
async function indicatorOf(ctx: AssessmentContext, score: ScoreRow, code: string) {
  const ind = await ctx.trx
    .selectFrom('assessmentIndicators')
    .selectAll()
    .where('schemeId', '=', score.schemeId)
    .where('code', '=', code)
    .executeTakeFirst();
  if (!ind) throw new ValidationError({ indicatorCode: `考核方案中没有编号为 ${code} 的指标` });
  return { ...ind, weight: Number(ind.weight) };
}

function reviewerName(ctx: AssessmentContext) {
  return ctx.actor?.user.displayName ?? '系统';
}

/** Points set by a named reviewer (manual indicator, or an upheld appeal), kept over recomputation. */
async function setReviewedPoints(
  ctx: AssessmentContext,
  score: ScoreRow,
  indicatorId: number,
  weight: number,
  v: { points: number; evidence: string | null; comment: string; explanation: string },
) {
  if (v.points > weight) throw new ValidationError({ points: `得分不能超过该指标分值 ${weight} 分` });
  const indicators = score.indicators.map(
    (i): StoredIndicator =>
      i.indicatorId === indicatorId
        ? {
            ...i,
            points: v.points,
            explanation: v.explanation,
            reviewerId: ctx.actor?.user.id ?? null,
            reviewerName: reviewerName(ctx),
            evidence: v.evidence,
            comment: v.comment,
            scoredAt: ctx.now.toISOString(),
          }
        : i,
  );
  await ctx.trx
    .updateTable('assessmentScores')
    .set({ indicators: JSON.stringify(indicators) })
    .where('id', '=', score.id)
    .execute();
  await recomputeScheme(ctx, score.schemeId);
}

export async function scoreManually(
  ctx: AssessmentContext,
  score: ScoreRow,
  b: { indicatorCode: string; points: number; evidence: string; comment: string },
) {
  const ind = await indicatorOf(ctx, score, b.indicatorCode);
  if (ind.method !== 'manual') {
    throw new ValidationError({ indicatorCode: '该指标由记录自动计算，如有异议请走申诉' });
  }
  await setReviewedPoints(ctx, score, ind.id, ind.weight, {
    points: b.points,
    evidence: b.evidence,
    comment: b.comment,
    explanation: `评审人${reviewerName(ctx)}评分：${b.comment}（佐证：${b.evidence}）`,
  });
  await ctx.audit({
    action: 'assessment.indicator_scored',
    objectType: 'assessment_score',
    objectId: score.id,
    orgPath: score.orgPath,
    detail: { indicator: ind.code, points: b.points },
  });
  return score;
}

export async function fileAppeal(
  ctx: AssessmentContext,
  score: ScoreRow,
  b: { indicatorCode: string; reason: string },
) {
  const ind = await indicatorOf(ctx, score, b.indicatorCode);
  const { id } = await ctx.trx
    .insertInto('assessmentAppeals')
    .values({
      scoreId: score.id,
      indicatorId: ind.id,
      orgId: score.orgId,
      orgPath: score.orgPath,
      reason: b.reason,
      createdBy: ctx.actor?.user.id ?? null,
      createdByName: reviewerName(ctx),
      createdAt: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.audit({
    action: 'assessment.appeal_filed',
    objectType: 'assessment_score',
    objectId: score.id,
    orgPath: score.orgPath,
    detail: { appealId: id, indicator: ind.code },
  });
  return score;
}

export async function answerAppeal(
  ctx: AssessmentContext,
  score: ScoreRow,
  b: { appealId: number; decision: 'upheld' | 'rejected'; answer: string; points?: number },
) {
  const found = await ctx.trx
    .selectFrom('assessmentAppeals as a')
    .innerJoin('assessmentIndicators as i', 'i.id', 'a.indicatorId')
    .select(['a.id', 'a.status', 'a.indicatorId', 'i.code', 'i.weight'])
    .where('a.id', '=', b.appealId)
    .where('a.scoreId', '=', score.id)
    .executeTakeFirst();
  const stored = score.indicators.find((i) => i.indicatorId === found?.indicatorId);
  // A reviewer's score may leave its explanation to be read from the reviewer, comment and evidence.
  const explanation =
    stored?.explanation ||
    `评审人${stored?.reviewerName ?? ''}评分：${stored?.comment ?? ''}（佐证：${stored?.evidence ?? ''}）`;
  const appeal = found && stored ? { ...found, points: stored.points, explanation } : undefined;
  if (!appeal) throw new ValidationError({ appealId: '该得分没有这条申诉' });
  if (appeal.status !== 'open') throw new ValidationError({ appealId: '该申诉已答复' });
  const before = appeal.points === null ? null : Number(appeal.points);
  const after = b.decision === 'upheld' ? (b.points ?? before) : before;
  await ctx.trx
    .updateTable('assessmentAppeals')
    .set({
      status: b.decision,
      answer: b.answer,
      pointsBefore: before,
      pointsAfter: after,
      answeredBy: ctx.actor?.user.id ?? null,
      answeredByName: reviewerName(ctx),
      answeredAt: ctx.now,
    })
    .where('id', '=', appeal.id)
    .execute();
  if (b.decision === 'upheld' && after !== null && after !== before) {
    await setReviewedPoints(ctx, score, appeal.indicatorId, Number(appeal.weight), {
      points: after,
      evidence: null,
      comment: b.answer,
      explanation: `${appeal.explanation}；申诉成立，由${reviewerName(ctx)}调整为${after}分：${b.answer}`,
    });
  }
  await ctx.audit({
    action: 'assessment.appeal_answered',
    objectType: 'assessment_score',
    objectId: score.id,
    orgPath: score.orgPath,
    detail: { appealId: appeal.id, indicator: appeal.code, decision: b.decision, before, after },
  });
  return score;
}

/** A veto (e.g. a serious violation) caps the draft star rating, with its reason. */
export async function vetoStars(
  ctx: AssessmentContext,
  score: ScoreRow,
  b: { year: number; stars: number; vetoReason: string },
) {
  const res = await ctx.trx
    .updateTable('assessmentStarRatings')
    .set((eb) => ({
      stars: sql<number>`least(${eb.ref('computedStars')}, ${b.stars})`,
      vetoReason: b.vetoReason,
    }))
    .where('orgId', '=', score.orgId)
    .where('year', '=', b.year)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new ValidationError({ year: '该年度没有待发布的星级' });
  await ctx.audit({
    action: 'assessment.stars_vetoed',
    objectType: 'assessment_score',
    objectId: score.id,
    orgPath: score.orgPath,
    detail: { year: b.year, cap: b.stars, reason: b.vetoReason },
  });
  return score;
}

/** Publishes the year's draft star ratings of a subtree (评星定级公示). */
export async function publishStars(ctx: AssessmentContext, org: ScopedOrg, year: number) {
  const rows = await ctx.trx
    .updateTable('assessmentStarRatings')
    .set({ status: 'published', publishedAt: ctx.now, publishedBy: ctx.actor?.user.id ?? null })
    .where('orgPath', 'like', `${org.path}%`)
    .where('year', '=', year)
    .where('status', '=', 'draft')
    .returning('id')
    .execute();
  if (rows.length === 0) throw new ValidationError({ year: '该年度没有待发布的星级' });
  await ctx.audit({
    action: 'assessment.stars_published',
    objectType: 'org',
    objectId: org.id,
    orgPath: org.path,
    detail: { year, published: rows.length },
  });
  return rows.length;
}

/** The five-stars-three-years reward of a community or branch, with who received what. */
export async function recordReward(
  ctx: AssessmentContext,
  org: ScopedOrg,
  b: { year: number; amount: number; recipients: { name: string; amount: number }[]; note?: string | null },
) {
  if (!(await fiveStarsThreeYears(ctx.trx, org.id, b.year))) {
    throw new ValidationError({ year: '该组织未连续三年评为五星，不能登记奖励' });
  }
  // The amount is the scheme's configuration when it sets one (the nearest published scheme
  // covering the organization, of that year or the latest before it).
  const { rows: configured } = await sql<{ rules: StarRules }>`
    select star_rules as rules from assessment_schemes
     where status = 'published' and year <= ${b.year} and ${org.path} like org_path || '%'
     order by year desc, length(org_path) desc limit 1`.execute(ctx.trx);
  const reward = configured[0]?.rules.fiveStarReward;
  if (reward && Math.abs(reward.amount - b.amount) >= 0.01) {
    throw new ValidationError({ amount: `奖励金额应为考核方案规定的${reward.amount}元（${reward.source}）` });
  }
  const { id } = await ctx.trx
    .insertInto('assessmentRewards')
    .values({
      orgId: org.id,
      orgPath: org.path,
      year: b.year,
      amount: b.amount,
      recipients: JSON.stringify(b.recipients),
      note: b.note ?? null,
      recordedBy: ctx.actor?.user.id ?? null,
      recordedAt: ctx.now,
    })
    .onConflict((oc) => oc.columns(['orgId', 'year']).doNothing())
    .returning('id')
    .executeTakeFirst()
    .then((r) => r ?? { id: 0 });
  if (!id) throw new ValidationError({ year: '该年度的奖励已登记' });
  await ctx.audit({
    action: 'assessment.reward_recorded',
    objectType: 'org',
    objectId: org.id,
    orgPath: org.path,
    detail: { year: b.year, amount: b.amount, recipients: b.recipients.length },
  });
  return id;
}
