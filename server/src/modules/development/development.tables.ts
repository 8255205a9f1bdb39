import type { ColumnType, Generated } from 'kysely';

type DateCol = ColumnType<string, string, string>;

export interface DevelopmentCasesTable {
  id: Generated<number>;
  orgId: number;
  name: string;
  gender: 'male' | 'female';
  birthDate: DateCol;
  idNumberEnc: string;
  idNumberHash: string;
  idNumberMasked: string;
  appliedOn: DateCol;
  /** The step to do next (1–25); 26 when archived. */
  step: number;
  stepSince: DateCol;
  status: Generated<'active' | 'done' | 'stopped'>;
  activistOn: string | null;
  lastAssessmentOn: string | null;
  targetOn: string | null;
  publicityFrom: string | null;
  trainingDays: number | null;
  assemblyOn: string | null;
  approvedOn: string | null;
  probationEndsOn: string | null;
  probationExtended: Generated<boolean>;
  relativeFlag: Generated<boolean>;
  relativeClearedReason: string | null;
  memberId: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DevelopmentStepsTable {
  id: Generated<number>;
  caseId: number;
  step: number;
  doneOn: DateCol;
  record: string;
  detail: ColumnType<Record<string, unknown>, string, string>;
  actorId: number | null;
  createdAt: Date;
}

/** One version of the time rules for a place profile (development.rules.ts reads them). */
export interface DevelopmentRulesTable {
  id: Generated<number>;
  profile: string;
  version: string;
  effectiveFrom: DateCol;
  source: string;
  rules: ColumnType<Record<string, unknown>, string, string>;
  createdAt: Generated<Date>;
  createdBy: number | null;
}

/** A file recording what a step produced (photo or PDF). */
export interface DevelopmentFilesTable {
  id: Generated<number>;
  caseId: number;
  step: number;
  filename: string;
  mime: string;
  size: number;
  content: Buffer;
  uploadedBy: number | null;
  createdAt: Date;
}

export interface DevelopmentTables {
  developmentFiles: DevelopmentFilesTable;
  developmentCases: DevelopmentCasesTable;
  developmentSteps: DevelopmentStepsTable;
  developmentRules: DevelopmentRulesTable;
}
