import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, insertTwoDistricts, type TestApp } from '../../test/app.ts';
import { clientWithRole } from '../../test/scope.ts';
import { modules } from '../modules/index.ts';
import { defineModule, type MenuEntry } from './module.ts';
import type { Role } from './permissions.ts';
import { buildRegistry } from './registry.ts';

/** Entries every party official below the district must not see. */
const DISTRICT_ONLY = ['member-import', 'member-rules', 'member-export-requests'];
const ADMIN_PAGES = ['accounts', 'audit', 'work-calendar', 'open311-keys'];
const MEMBER_PAGES = ['me-member', 'org-life-mine', 'points-me'];

interface Case {
  role: Role;
  at: 'd1' | 's1' | 'c1' | 'b1';
  sees: string[];
  never: string[];
}

const CASES: Case[] = [
  {
    role: 'district_admin',
    at: 'd1',
    sees: [
      'cockpit',
      'orgs',
      'members',
      ...DISTRICT_ONLY,
      'member-transfers',
      'member-registration-conflicts',
      'new-orgs',
      'org-life',
      'org-life-supervision',
      'points-ranking',
      'points-requests',
      'proposals',
      'co-building',
      'dual-reporting',
      'volunteers',
      'service-requests',
      'service-centers',
      'open311-services',
      'responsibility',
      'inspections',
      'rectification',
      'interviews',
      'scheduled-reports',
      'site-visits',
      'gap-lists',
      'highlights',
      'assessment',
      'member-activations',
      'development',
      'dues',
      'elections',
    ],
    never: [...ADMIN_PAGES, ...MEMBER_PAGES, 'my-requests'],
  },
  {
    role: 'street_secretary',
    at: 's1',
    sees: [
      'members',
      'org-life',
      'org-life-supervision',
      'cockpit',
      'inspections',
      'rectification',
      'interviews',
      'assessment',
      'scheduled-reports',
      'site-visits',
      'gap-lists',
      'highlights',
    ],
    never: [...DISTRICT_ONLY, ...ADMIN_PAGES, ...MEMBER_PAGES],
  },
  {
    role: 'community_secretary',
    at: 'c1',
    sees: [
      'members',
      'org-life',
      'org-life-supervision',
      'service-requests',
      'responsibility',
      'rectification',
      'gap-lists',
      'highlights',
    ],
    never: [
      ...DISTRICT_ONLY,
      ...ADMIN_PAGES,
      ...MEMBER_PAGES,
      'inspections',
      'interviews',
      'site-visits',
      'scheduled-reports',
    ],
  },
  {
    role: 'branch_secretary',
    at: 'b1',
    sees: [
      'orgs',
      'members',
      'org-life',
      'points-ranking',
      'points-requests',
      'member-transfers',
      'assessment',
      'member-activations',
      'development',
      'dues',
      'elections',
    ],
    never: [...DISTRICT_ONLY, 'org-life-supervision', ...ADMIN_PAGES, ...MEMBER_PAGES],
  },
  {
    role: 'member',
    at: 'b1',
    sees: [...MEMBER_PAGES, 'service-centers', 'volunteers', 'my-dues'],
    never: [
      'dues',
      'elections',
      'orgs',
      'members',
      'org-life',
      'cockpit',
      'points-ranking',
      ...DISTRICT_ONLY,
      ...ADMIN_PAGES,
    ],
  },
  {
    role: 'resident',
    at: 'c1',
    sees: ['my-requests', 'proposals', 'service-centers', 'volunteers'],
    never: ['orgs', 'members', 'service-requests', ...MEMBER_PAGES, ...ADMIN_PAGES],
  },
  {
    role: 'system_admin',
    at: 'd1',
    sees: ['accounts', 'work-calendar', 'open311-keys', 'open311-services'],
    never: ['audit', 'orgs', 'members', 'cockpit', 'service-requests', ...MEMBER_PAGES],
  },
  {
    role: 'security_admin',
    at: 'd1',
    sees: ['accounts'],
    never: ['audit', 'work-calendar', 'orgs', 'members', 'cockpit'],
  },
  { role: 'audit_admin', at: 'd1', sees: ['audit'], never: ['accounts', 'orgs', 'members', 'cockpit'] },
  {
    role: 'grid_worker',
    at: 'b1',
    sees: ['service-requests', 'members', 'service-centers'],
    never: [
      'cockpit',
      'org-life',
      'proposals',
      'co-building',
      'my-requests',
      ...DISTRICT_ONLY,
      ...ADMIN_PAGES,
    ],
  },
  {
    role: 'unit_liaison',
    at: 's1',
    sees: ['co-building', 'dual-reporting'],
    never: ['service-requests', 'members', 'cockpit', 'org-life', ...DISTRICT_ONLY, ...ADMIN_PAGES],
  },
];

describe('navigation by role (GET /auth/me)', () => {
  let t: TestApp;
  let tree: Awaited<ReturnType<typeof insertTwoDistricts>>;
  beforeAll(async () => {
    t = await buildTestApp();
    tree = await insertTwoDistricts(t.db);
  }, 120_000);
  afterAll(async () => t?.close());

  it.each(CASES)('$role at $at sees its own pages only', async ({ role, at, sees, never }) => {
    const client = await clientWithRole(t, role, tree[at].id);
    const res = await client({ method: 'GET', url: '/api/v1/auth/me' });
    expect(res.statusCode).toBe(200);
    const nav = res.json().data.navigation as { key: string; path: string; title: string }[];
    const keys = nav.map((n) => n.key);
    for (const key of sees) expect(keys, `${role} should see ${key}`).toContain(key);
    for (const key of never) expect(keys, `${role} should not see ${key}`).not.toContain(key);
    // Every entry has a path and a Chinese title.
    for (const n of nav) {
      expect(n.path).toMatch(/^\//);
      expect(n.title).toMatch(/\p{Script=Han}/u);
    }
  });

  it('the district sees every entry meant for a party official', () => {
    const registry = buildRegistry(modules);
    const entries: readonly MenuEntry[] = modules.flatMap((m): readonly MenuEntry[] => m.menu ?? []);
    const official = entries
      .filter((e) =>
        [e.for].flat().some((a) => a === 'district' || a === 'street' || a === 'community' || a === 'branch'),
      )
      .map((e) => e.key);
    const district = CASES.find((c) => c.role === 'district_admin');
    expect(new Set(district?.sees)).toEqual(new Set(official));
    expect(registry.permissions.get('members.import')).toBe('导入党员');
  });
});

describe('the registry built from manifests', () => {
  const base = defineModule({ name: 'x', migrations: {}, permissions: { 'orgs.read': '查看组织' } });
  it('refuses a menu entry naming a permission no manifest declares', () => {
    const bad = defineModule({
      name: 'y',
      migrations: {},
      menu: [
        { key: 'y', path: '/y', title: '乙', permission: 'y.nothing' as never, for: 'branch', order: 1 },
      ],
    });
    expect(() => buildRegistry([...modules, bad])).toThrow(/未声明的权限: y.nothing/);
  });
  it('refuses a permission declared twice', () => {
    expect(() => buildRegistry([...modules, base])).toThrow(/权限重复: orgs.read/);
  });
});
