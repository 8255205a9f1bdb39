import { abilitiesOf } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { schemeActions, scoreActions } from './assessment.actions.ts';
import type { Grade, GradeRules, SchemeDto, ScoreDetailDto, StarRules } from './assessment.contract.ts';
import { indicatorScoresOf, type SchemeRow, type ScoreRow } from './assessment.queries.ts';

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function presentScheme(row: SchemeRow, actor?: Actor): SchemeDto {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    year: row.year,
    version: row.version,
    title: row.title,
    effectiveFrom: String(row.effectiveFrom).slice(0, 10),
    source: row.source,
    status: row.status,
    gradeRules: row.gradeRules as GradeRules,
    starRules: row.starRules as StarRules,
    totalWeight: row.indicators.reduce((s, i) => s + i.weight, 0),
    indicators: row.indicators.map((i) => ({
      id: i.id,
      aspect: i.aspect,
      code: i.code,
      name: i.name,
      weight: i.weight,
      method: i.method,
      source: i.source,
      params: i.params,
      ruleSource: i.ruleSource,
    })),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    ...(actor ? { abilities: abilitiesOf(schemeActions, actor, row) } : {}),
  };
}

export async function presentScoreDetail(
  db: Executor,
  row: ScoreRow,
  actor?: Actor,
): Promise<ScoreDetailDto> {
  const indicators = await indicatorScoresOf(db, [row.id]);
  const appeals = await db
    .selectFrom('assessmentAppeals as a')
    .innerJoin('assessmentIndicators as i', 'i.id', 'a.indicatorId')
    .select([
      'a.id',
      'i.code as indicatorCode',
      'a.reason',
      'a.status',
      'a.answer',
      'a.pointsBefore',
      'a.pointsAfter',
      'a.createdByName',
      'a.answeredByName',
      'a.createdAt',
    ])
    .where('a.scoreId', '=', row.id)
    .orderBy('a.createdAt', 'desc')
    .execute();
  const abilities = actor ? abilitiesOf(scoreActions, actor, row) : undefined;
  return {
    scoreId: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    orgLevel: row.orgLevel,
    year: row.year,
    schemeId: row.schemeId,
    schemeTitle: row.schemeTitle,
    schemeVersion: row.schemeVersion,
    total: num(row.total),
    grade: row.grade as Grade | null,
    computedGrade: row.computedGrade as Grade | null,
    rank: row.rank,
    rankOf: row.rankOf,
    missing: row.missing,
    stars: row.stars ?? null,
    starsPublished: row.starStatus === 'published',
    openAppeals: Number(row.openAppeals),
    computedAt: row.computedAt.toISOString(),
    indicators: indicators.map((i) => ({
      id: i.id,
      aspect: i.aspect,
      code: i.code,
      name: i.name,
      weight: i.weight,
      method: i.method,
      points: i.points,
      explanation: i.explanation,
      ruleSource: i.ruleSource,
      facts: i.facts,
      reviewerName: i.reviewerName,
      evidence: i.evidence,
      comment: i.comment,
    })),
    appeals: appeals.map((a) => ({
      ...a,
      pointsBefore: num(a.pointsBefore),
      pointsAfter: num(a.pointsAfter),
      createdAt: a.createdAt.toISOString(),
    })),
    ...(abilities
      ? {
          abilities: {
            review: abilities.review,
            appeal: abilities.appeal,
            answerAppeal: abilities.answerAppeal,
          },
        }
      : {}),
  };
}
