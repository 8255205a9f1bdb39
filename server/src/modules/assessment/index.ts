import { defineModule } from '../../platform/module.ts';
import { seedAssessmentDemo } from './assessment.demo.ts';
import { assessmentDocs } from './assessment.docs.ts';
import { assessmentRoutes } from './assessment.routes.ts';
import { migrations } from './migrations/index.ts';

/**
 * 考核 (C16) and 评星定级 (C18): versioned schemes per year and place (aspects, indicators with
 * weight, scoring method, the records they read and their rule source), scores kept current from
 * the records of the owning modules (recomputed, never per read), reviewers' manual points, grades
 * with a share cap, rankings, appeals, star ratings with vetoes, publication and rewards.
 */
export const assessmentModule = defineModule({
  name: 'assessment',
  docs: assessmentDocs,
  migrations,
  permissions: {
    'assessment.read': '查看考核结果',
    'assessment.manage': '制定考核方案',
    'assessment.review': '考核评分与星级评定',
    'assessment.appeal': '考核申诉',
  },
  menu: [
    {
      key: 'assessment',
      path: '/assessment',
      title: '考核评星',
      permission: 'assessment.read',
      for: 'branch',
      order: 47,
    },
  ],
  routes: assessmentRoutes,
  seedDemo: seedAssessmentDemo,
});

export { recomputeSchemeOf } from './assessment.service.ts';
export type { AssessmentTables } from './assessment.tables.ts';
