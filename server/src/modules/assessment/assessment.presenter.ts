import { abilitiesOf } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { schemeActions, scoreActions } from './assessment.actions.ts';
import type {
  DimensionRules,
  GradeRules,
  SchemeDto,
  ScoreDetailDto,
  StarRules,
} from './assessment.contract.ts';
import { boardRowOf, indicatorScoresOf, num, type SchemeRow, type ScoreRow } from './assessment.queries.ts';

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
    dimensions: row.dimensions as DimensionRules,
    totalWeight: row.indicators.reduce((s, i) => s + i.weight, 0),
    indicators: row.indicators.map((i) => ({
      id: i.id,
      aspect: i.aspect,
      code: i.code,
      name: i.name,
      weight: i.weight,
      method: i.method,
      dimension: i.dimension,
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
    ...boardRowOf({ ...row, stars: row.stars ?? null, starStatus: row.starStatus ?? null }),
    year: row.year,
    schemeId: row.schemeId,
    schemeTitle: row.schemeTitle,
    schemeVersion: row.schemeVersion,
    indicators: indicators.map((i) => ({
      id: i.id,
      aspect: i.aspect,
      code: i.code,
      name: i.name,
      weight: i.weight,
      method: i.method,
      dimension: i.dimension,
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
