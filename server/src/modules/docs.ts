import type { RouteDocs } from '../platform/openapi.ts';
import { accountsDocs } from './accounts/accounts.docs.ts';
import { auditDocs } from './audit/audit.docs.ts';
import { coBuildingDocs } from './co-building/co-building.docs.ts';
import { cockpitDocs } from './cockpit/cockpit.docs.ts';
import { dualReportingDocs } from './dual-reporting/dual-reporting.docs.ts';
import { membersDocs } from './members/members.docs.ts';
import { newOrgsDocs } from './new-orgs/new-orgs.docs.ts';
import { open311Docs } from './open311/open311.docs.ts';
import { orgLifeDocs } from './org-life/org-life.docs.ts';
import { orgsDocs } from './orgs/orgs.docs.ts';
import { pointsDocs } from './points/points.docs.ts';
import { proposalsDocs } from './proposals/proposals.docs.ts';
import { serviceCentersDocs } from './service-centers/service-centers.docs.ts';
import { serviceRequestsDocs } from './service-requests/service-requests.docs.ts';
import { volunteersDocs } from './volunteers/volunteers.docs.ts';
import { workCalendarDocs } from './work-calendar/work-calendar.docs.ts';

/** The platform's own routes. */
const platformDocs: RouteDocs = {
  module: 'platform',
  operations: {
    'GET /api/health': ['health', '存活检查', { security: 'none' }],
    'GET /api/health/ready': ['ready', '就绪检查（数据库可写）', { security: 'none' }],
  },
};

/**
 * Every module's route documentation (operationId, Chinese summary), read by the app's onRoute
 * hook for the OpenAPI document. A new route needs its line in its module's `<module>.docs.ts`;
 * `platform/openapi.test.ts` fails otherwise.
 */
export const routeDocs: readonly RouteDocs[] = [
  platformDocs,
  accountsDocs,
  auditDocs,
  coBuildingDocs,
  cockpitDocs,
  dualReportingDocs,
  membersDocs,
  newOrgsDocs,
  open311Docs,
  orgLifeDocs,
  orgsDocs,
  pointsDocs,
  proposalsDocs,
  serviceCentersDocs,
  serviceRequestsDocs,
  volunteersDocs,
  workCalendarDocs,
];
