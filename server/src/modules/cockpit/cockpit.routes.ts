import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { noStore } from '../../platform/http.ts';
import { loadOrgFor } from '../../platform/org-scope.ts';
import { mountGet } from '../../platform/reads.ts';
import {
  AGE_BANDS,
  birthdayItem,
  categoryLabelsWithin,
  EDUCATION_LABELS,
  GENDER_LABELS,
  getRule,
  MEMBER_STATUSES,
  memberRollupsOf,
  STATUS_LABELS,
  today,
  upcomingPartyBirthdays,
} from '../members/index.ts';
import { coverageOf } from '../new-orgs/index.ts';
import { subtreeOrgCounts } from '../orgs/index.ts';

const ORG_KIND_LABELS: Record<string, string> = {
  committee: '党委',
  working_committee: '党工委',
  general_branch: '党总支',
  branch: '党支部',
  group: '党小组',
  street_alliance_committee: '街道大工委',
  community_alliance_committee: '社区大党委',
  joint_committee: '联合党委',
  comprehensive_committee: '综合党委',
  area_org: '区域党组织',
  sector_committee: '行业党委',
};
const LEVEL_LABELS: Record<string, string> = {
  district: '区',
  street: '街道',
  community: '社区',
  grid: '网格',
  building: '楼栋',
};

/** One figure, with the list query that shows the records behind it. */
const figure = z.object({
  key: z.string(),
  label: z.string(),
  count: z.number(),
  link: z.object({ list: z.enum(['members', 'orgs', 'new-orgs']), query: z.record(z.string(), z.string()) }),
});

/** A figure a module contributes through its manifest, with the web list it drills to. */
const moduleFigure = z.object({
  key: z.string(),
  title: z.string(),
  value: z.number(),
  drill: z.object({ path: z.string(), query: z.record(z.string(), z.string()) }),
});

const cockpitSchema = z.object({
  org: z.object({ id: z.number(), name: z.string() }),
  asOf: z.string(),
  /** Every module's figures (from the manifests) the caller may see on this organization, in module order. */
  figures: z.array(moduleFigure),
  members: z.object({
    total: figure,
    byStatus: z.array(figure),
    byCategory: z.array(figure),
    byGender: z.array(figure),
    byEducation: z.array(figure),
    byAgeBand: z.array(figure),
  }),
  orgs: z.object({ byKind: z.array(figure), byLevel: z.array(figure) }),
  partyBirthdays: z.object({
    basis: z.enum(['joined', 'full']),
    windowDays: z.number(),
    upcoming: z.number(),
    thisMonth: figure,
    items: z.array(birthdayItem),
  }),
  newOrgs: z.object({
    minFullMembers: z.number(),
    byKind: z.array(
      z.object({
        kind: z.string(),
        label: z.string(),
        total: z.number(),
        orgCoverageRate: z.number(),
        workCoverageRate: z.number(),
        /** Every registered organization of the kind (the list behind `total`). */
        all: figure,
        needsOwnOrg: figure,
      }),
    ),
  }),
});

/**
 * The cockpit reads member figures from the subtree rollups (one indexed read per scope,
 * whatever the number of members); organizations and 两新 are small tables counted directly.
 */
export const cockpitRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock, registry } = app.deps;
  mountGet(
    app,
    '/cockpit',
    {
      access: 'cockpit.read',
      tags: ['cockpit'],
      query: z.object({ orgId: z.coerce.number().int().positive() }),
      response: z.object({ data: cockpitSchema }),
    },
    async ({ actor, query, reply }) => {
      noStore(reply);
      const org = await loadOrgFor(db, actor, query.orgId, 'cockpit.read');
      const day = today(clock.now());
      const orgQ = { orgId: String(org.id) };
      const rollups = await memberRollupsOf(db, org.id);
      // Largest first, ties by key in code-point order: the rows come back in storage order, which
      // differs between the backends (and the collations of their text comparisons differ too).
      const dim = (name: string) =>
        rollups
          .filter((r) => r.dim === name)
          .map((r) => ({ bucket: r.bucket, n: Number(r.n) }))
          .sort((a, b) => b.n - a.n || (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0));
      const members = (key: string, label: string, count: number, query: Record<string, string>) => ({
        key,
        label,
        count,
        link: { list: 'members' as const, query: { ...orgQ, ...query } },
      });
      const catLabel = await categoryLabelsWithin(db, org.path, day);
      const year = Number(day.slice(0, 4));
      const byYear = dim('birth_year');
      const birthday = await getRule(db, 'members.party_birthday', org.path, day);
      const month = Number(day.slice(5, 7));
      const monthDim = dim(birthday.value.basis === 'full' ? 'full_month' : 'joined_month');
      const upcoming = await upcomingPartyBirthdays(
        db,
        org,
        birthday.value.basis,
        day,
        birthday.value.windowDays,
        10,
      );
      const orgCounts = await subtreeOrgCounts(db, org.id);
      const orgFigures = (dimName: 'kind' | 'level', labels: Record<string, string>) =>
        orgCounts
          .filter((r) => r.dim === dimName)
          .sort((a, b) => b.n - a.n || a.bucket.localeCompare(b.bucket))
          .map((r) => ({
            key: r.bucket,
            label: labels[r.bucket] ?? r.bucket,
            count: r.n,
            link: { list: 'orgs' as const, query: { ...orgQ, [dimName]: r.bucket } },
          }));
      const coverage = await coverageOf(db, org.path, day);
      const figures = [];
      for (const f of registry.figures.filter((f) => actor.can(f.permission, org.path))) {
        const value = await f.compute({ db, actor, org, today: day });
        figures.push({
          key: f.key,
          title: f.title,
          value,
          drill: { path: f.drill.path, query: { ...orgQ, ...f.drill.query } },
        });
      }
      return {
        data: {
          org: { id: org.id, name: org.name },
          asOf: day,
          figures,
          members: {
            total: members('all', '党员总数', dim('all')[0]?.n ?? 0, {}),
            byStatus: dim('status')
              .sort(
                (a, b) =>
                  MEMBER_STATUSES.indexOf(a.bucket as never) - MEMBER_STATUSES.indexOf(b.bucket as never),
              )
              .map((r) =>
                members(r.bucket, STATUS_LABELS[r.bucket as keyof typeof STATUS_LABELS] ?? r.bucket, r.n, {
                  status: r.bucket,
                }),
              ),
            byCategory: dim('category').map((r) =>
              members(r.bucket, catLabel[r.bucket] ?? r.bucket, r.n, { category: r.bucket }),
            ),
            byGender: dim('gender').map((r) =>
              members(r.bucket, GENDER_LABELS[r.bucket as keyof typeof GENDER_LABELS] ?? r.bucket, r.n, {
                gender: r.bucket,
              }),
            ),
            byEducation: dim('education').map((r) =>
              members(
                r.bucket,
                EDUCATION_LABELS[r.bucket as keyof typeof EDUCATION_LABELS] ?? r.bucket,
                r.n,
                { education: r.bucket },
              ),
            ),
            // Age in the current year (year − birth year), so the list behind a band is exact.
            byAgeBand: AGE_BANDS.map((b) => {
              const from = year - Math.min(b.max, 150);
              const to = year - b.min;
              const n = byYear
                .filter((r) => Number(r.bucket) >= from && Number(r.bucket) <= to)
                .reduce((a, r) => a + r.n, 0);
              return members(b.key, b.label, n, { birthYearFrom: String(from), birthYearTo: String(to) });
            }),
          },
          orgs: { byKind: orgFigures('kind', ORG_KIND_LABELS), byLevel: orgFigures('level', LEVEL_LABELS) },
          partyBirthdays: {
            basis: birthday.value.basis,
            windowDays: birthday.value.windowDays,
            upcoming: upcoming.total,
            thisMonth: members(
              'party_month',
              `${month}月政治生日`,
              monthDim.find((r) => r.bucket === String(month))?.n ?? 0,
              {
                partyMonth: String(month),
              },
            ),
            items: upcoming.items,
          },
          newOrgs: {
            minFullMembers: coverage.rule.minFullMembers,
            byKind: coverage.byKind.map((k) => ({
              kind: k.kind,
              label: k.label,
              total: k.total,
              orgCoverageRate: k.orgCoverageRate,
              workCoverageRate: k.workCoverageRate,
              all: {
                key: 'all',
                label: k.label,
                count: k.total,
                link: { list: 'new-orgs' as const, query: { ...orgQ, kind: k.kind } },
              },
              needsOwnOrg: {
                key: 'needs_own_org',
                label: `正式党员${coverage.rule.minFullMembers}人以上未单独建`,
                count: k.needsOwnOrg,
                link: { list: 'new-orgs' as const, query: { ...orgQ, kind: k.kind, needsOwnOrg: 'true' } },
              },
            })),
          },
        },
      };
    },
  );
};
