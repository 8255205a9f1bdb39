import type { ColumnType, Generated } from 'kysely';
import type {
  DimensionRules,
  DimensionScores,
  FactRef,
  GradeRules,
  IndicatorDimension,
  IndicatorParams,
  ScoringMethod,
  StarRules,
} from './assessment.contract.ts';

type Json<T> = ColumnType<T, string, string>;

export interface AssessmentSchemesTable {
  id: Generated<number>;
  orgId: number;
  orgPath: string;
  year: number;
  version: number;
  title: string;
  effectiveFrom: string;
  source: string;
  status: Generated<'draft' | 'published' | 'superseded'>;
  gradeRules: Json<GradeRules>;
  starRules: Json<StarRules>;
  dimensions: ColumnType<DimensionRules, string | undefined, string>;
  createdBy: number | null;
  createdAt: Date;
  publishedBy: number | null;
  publishedAt: Date | null;
}

export interface AssessmentIndicatorsTable {
  id: Generated<number>;
  schemeId: number;
  seq: number;
  aspect: string;
  code: string;
  name: string;
  weight: number;
  method: ScoringMethod;
  source: string | null;
  params: Json<IndicatorParams>;
  ruleSource: string;
  dimension: ColumnType<IndicatorDimension, IndicatorDimension | undefined, IndicatorDimension>;
}

export interface AssessmentScoresTable {
  id: Generated<number>;
  schemeId: number;
  orgId: number;
  orgPath: string;
  orgLevel: string;
  year: number;
  total: number | null;
  computedGrade: string | null;
  grade: string | null;
  rank: number | null;
  rankOf: number | null;
  missing: number;
  computedAt: Date;
  dimensions: ColumnType<DimensionScores, string | undefined, string>;
  indicators: ColumnType<StoredIndicator[], string | undefined, string>;
  parentId: number | null;
}

/** One indicator's stored points inside a score (`assessment_scores.indicators`). */
export interface StoredIndicator {
  indicatorId: number;
  points: number | null;
  explanation: string;
  facts: FactRef[];
  reviewerId: number | null;
  reviewerName: string | null;
  evidence: string | null;
  comment: string | null;
  scoredAt: string | null;
}

export interface AssessmentAppealsTable {
  id: Generated<number>;
  scoreId: number;
  indicatorId: number;
  orgId: number;
  orgPath: string;
  reason: string;
  status: Generated<'open' | 'upheld' | 'rejected'>;
  answer: string | null;
  pointsBefore: number | null;
  pointsAfter: number | null;
  createdBy: number | null;
  createdByName: string;
  createdAt: Date;
  answeredBy: number | null;
  answeredByName: string | null;
  answeredAt: Date | null;
}

export interface AssessmentStarRatingsTable {
  id: Generated<number>;
  orgId: number;
  orgPath: string;
  year: number;
  scoreId: number | null;
  computedStars: number;
  stars: number;
  vetoReason: string | null;
  status: Generated<'draft' | 'published'>;
  publishedBy: number | null;
  publishedAt: Date | null;
}

export interface AssessmentRewardsTable {
  id: Generated<number>;
  orgId: number;
  orgPath: string;
  year: number;
  amount: number;
  recipients: Json<{ name: string; amount: number }[]>;
  note: string | null;
  recordedBy: number | null;
  recordedAt: Date;
}

export interface AssessmentDebriefingsTable {
  id: Generated<number>;
  schemeId: number;
  hostOrgId: number;
  hostOrgPath: string;
  title: string;
  heldOn: string;
  anonymous: boolean;
  status: Generated<'open' | 'closed'>;
  createdBy: number | null;
  createdAt: Date;
  closedAt: Date | null;
}

export interface AssessmentDebriefingReportsTable {
  id: Generated<number>;
  debriefingId: number;
  orgId: number;
  orgPath: string;
  secretaryName: string;
  summary: string;
  score: number | null;
  ratings: Generated<number>;
}

export interface AssessmentDebriefingRatingsTable {
  id: Generated<number>;
  reportId: number;
  /** Kept only so a reviewer rates a report once; never read into an answer when the session is anonymous. */
  reviewerId: number;
  reviewerName: string | null;
  items: Json<Record<string, number>>;
  score: number;
  comment: string | null;
  ratedAt: Date;
}

export interface AssessmentTables {
  assessmentDebriefings: AssessmentDebriefingsTable;
  assessmentDebriefingReports: AssessmentDebriefingReportsTable;
  assessmentDebriefingRatings: AssessmentDebriefingRatingsTable;
  assessmentSchemes: AssessmentSchemesTable;
  assessmentIndicators: AssessmentIndicatorsTable;
  assessmentScores: AssessmentScoresTable;
  assessmentAppeals: AssessmentAppealsTable;
  assessmentStarRatings: AssessmentStarRatingsTable;
  assessmentRewards: AssessmentRewardsTable;
}
