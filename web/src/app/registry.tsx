/**
 * The web module registry: every module of the app, in one list.
 *
 * To add a module: create `web/src/modules/<module>/index.tsx` exporting
 * `defineWebModule({ name, messages, pages, homeCards })` (see app/module.ts and modules/audit
 * for an example: pages are `lazy()` imports guarded by a permission; a page in the side menu
 * carries an icon and an i18n label key), then add ONE import and ONE entry to `webModules`
 * below. The router, the i18n namespaces and the home-page cards are built from this list; the
 * side menu is the person's `navigation` from `GET /auth/me` (the server module's manifest
 * declares its menu entries, who they are for and the permission each needs), with icons and
 * labels taken from the page of the same path here.
 */

import { activationModule } from '../modules/accounts/activation.tsx';
import { accountsModule } from '../modules/accounts/index.tsx';
import { assessmentModule } from '../modules/assessment/index.tsx';
import { auditModule } from '../modules/audit/index.tsx';
import { authModule } from '../modules/auth/index.tsx';
import { coBuildingModule } from '../modules/co-building/index.tsx';
import { cockpitModule } from '../modules/cockpit/index.tsx';
import { developmentModule } from '../modules/development/index.tsx';
import { dualReportingModule } from '../modules/dual-reporting/index.tsx';
import { duesModule } from '../modules/dues/index.tsx';
import { electionsModule } from '../modules/elections/index.tsx';
import { membersModule } from '../modules/members/index.tsx';
import { newOrgsModule } from '../modules/new-orgs/index.tsx';
import { notificationsModule } from '../modules/notifications/index.tsx';
import { open311Module } from '../modules/open311/index.tsx';
import { orgLifeModule } from '../modules/org-life/index.tsx';
import { orgsModule } from '../modules/orgs/index.tsx';
import { pointsModule } from '../modules/points/index.tsx';
import { proposalsModule } from '../modules/proposals/index.tsx';
import { rectificationModule } from '../modules/rectification/index.tsx';
import { responsibilityModule } from '../modules/responsibility/index.tsx';
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
  notificationsModule,
  responsibilityModule,
  rectificationModule,
  assessmentModule,
  activationModule,
  developmentModule,
  duesModule,
  electionsModule,
];
