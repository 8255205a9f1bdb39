/**
 * The web module registry: every module of the app, in one list.
 *
 * To add a module: create `web/src/modules/<module>/index.tsx` exporting
 * `defineWebModule({ name, messages, pages, homeCards })` (see app/module.ts and modules/audit
 * for an example: pages are `lazy()` imports, menu entries carry an icon, an i18n label key, an
 * order and the permission that shows them), then add ONE import and ONE entry to `webModules`
 * below. The router, the side menu (filtered by `GET /auth/me` permissions), the i18n namespaces
 * and the home-page cards are all built from this list.
 */
import { accountsModule } from '../modules/accounts/index.tsx';
import { auditModule } from '../modules/audit/index.tsx';
import { authModule } from '../modules/auth/index.tsx';
import { coBuildingModule } from '../modules/co-building/index.tsx';
import { cockpitModule } from '../modules/cockpit/index.tsx';
import { dualReportingModule } from '../modules/dual-reporting/index.tsx';
import { membersModule } from '../modules/members/index.tsx';
import { newOrgsModule } from '../modules/new-orgs/index.tsx';
import { open311Module } from '../modules/open311/index.tsx';
import { orgLifeModule } from '../modules/org-life/index.tsx';
import { orgsModule } from '../modules/orgs/index.tsx';
import { pointsModule } from '../modules/points/index.tsx';
import { proposalsModule } from '../modules/proposals/index.tsx';
import { serviceCentersModule } from '../modules/service-centers/index.tsx';
import { serviceRequestsModule } from '../modules/service-requests/index.tsx';
import { volunteersModule } from '../modules/volunteers/index.tsx';
import { workCalendarModule } from '../modules/work-calendar/index.tsx';
import type { WebModule } from './module.ts';

export const webModules: readonly WebModule[] = [
  authModule,
  orgsModule,
  cockpitModule,
  membersModule,
  newOrgsModule,
  orgLifeModule,
  pointsModule,
  accountsModule,
  proposalsModule,
  coBuildingModule,
  dualReportingModule,
  volunteersModule,
  serviceRequestsModule,
  serviceCentersModule,
  workCalendarModule,
  open311Module,
  auditModule,
];
