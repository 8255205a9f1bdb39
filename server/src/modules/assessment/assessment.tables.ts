import type { ColumnType, Generated } from 'kysely';
import type {
  FactRef,
  GradeRules,
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
}

export interface AssessmentIndicatorScoresTable {
  scoreId: number;
  indicatorId: number;
  points: number | null;
  explanation: string;
  facts: Json<FactRef[]>;
  reviewerId: number | null;
  reviewerName: string | null;
  evidence: string | null;
  comment: string | null;
  scoredAt: Date | null;
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

export interface AssessmentTables {
  assessmentSchemes: AssessmentSchemesTable;
  assessmentIndicators: AssessmentIndicatorsTable;
  assessmentScores: AssessmentScoresTable;
  assessmentIndicatorScores: AssessmentIndicatorScoresTable;
  assessmentAppeals: AssessmentAppealsTable;
  assessmentStarRatings: AssessmentStarRatingsTable;
  assessmentRewards: AssessmentRewardsTable;
}
