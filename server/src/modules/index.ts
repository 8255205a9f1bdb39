import { accountsModule } from './accounts/index.ts';
import { auditModule } from './audit/index.ts';
import { benchModule } from './bench/index.ts';
import { coBuildingModule } from './co-building/index.ts';
import { cockpitModule } from './cockpit/index.ts';
import { dualReportingModule } from './dual-reporting/index.ts';
import { membersModule } from './members/index.ts';
import { newOrgsModule } from './new-orgs/index.ts';
import { open311Module } from './open311/index.ts';
import { orgLifeModule } from './org-life/index.ts';
import { orgsModule } from './orgs/index.ts';
import { pointsModule } from './points/index.ts';
import { proposalsModule } from './proposals/index.ts';
import { serviceCentersModule } from './service-centers/index.ts';
import { serviceRequestsModule } from './service-requests/index.ts';
import { volunteersModule } from './volunteers/index.ts';
import { workCalendarModule } from './work-calendar/index.ts';

/** Every module of the platform, in dependency order. The platform reads only this list. */
export const modules = [
  auditModule,
  orgsModule,
  accountsModule,
  membersModule,
  newOrgsModule,
  cockpitModule,
  orgLifeModule,
  pointsModule,
  proposalsModule,
  dualReportingModule,
  coBuildingModule,
  volunteersModule,
  workCalendarModule,
  serviceRequestsModule,
  open311Module,
  serviceCentersModule,
  // Comparison routes for `npm run bench` only (docs/performance.md).
  ...(process.env.JICENG_BENCH_ROUTES === '1' ? [benchModule] : []),
];
