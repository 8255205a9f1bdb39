/**
 * The permission registry: every action is a typed `module.action` string, and every role is a
 * list of them. Deny by default: a permission not listed for a role is refused, and a route that
 * does not declare its access fails at start-up (see platform/access.ts).
 */
export const ROLES = [
  'district_admin',
  'street_secretary',
  'community_secretary',
  'branch_secretary',
  'member',
  'resident',
  'system_admin',
  'security_admin',
  'audit_admin',
  'grid_worker',
  'building_leader',
  'unit_liaison',
] as const;
export type Role = (typeof ROLES)[number];

/** 三员: no account may hold two of these (enforced by a unique index too). */
export const ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];

/**
 * The two classes of roles. An account holds roles of one class only: a 三员 account holds no
 * business role and a business account no 三员 role (service check plus a database trigger,
 * migration `…_accounts_separate-role-classes`).
 */
export type RoleClass = 'admin' | 'business';
export function roleClass(role: Role): RoleClass {
  return ADMIN_ROLES.includes(role) ? 'admin' : 'business';
}

/**
 * Every `module.action` permission. Each module declares its own, with a Chinese label, in its
 * manifest; the composition root (modules/index.ts) merges them into this interface, so the
 * platform names no module and a permission no manifest declares does not type-check.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the composition root (declaration merging)
export interface PermissionRegistry {}
export type Permission = keyof PermissionRegistry & string;

const ORG_OFFICIAL: readonly Permission[] = [
  'orgs.read',
  'orgs.create',
  'orgs.update',
  'orgs.move',
  'orgs.close',
  'orgs.manage_part_time_members',
];

/** Community governance (proposals, co-building, dual reporting, volunteers) for officials. */
const GOVERNANCE_OFFICIAL: readonly Permission[] = [
  'proposals.read',
  'proposals.enter',
  'proposals.manage',
  'co_building.read',
  'co_building.manage',
  'dual_reporting.read',
  'dual_reporting.manage',
  'volunteers.read',
  'volunteers.manage',
];

/** Resident requests desk (受理、转办、上报、办结) and its figures. */
const REQUEST_DESK: readonly Permission[] = [
  'service_requests.read',
  'service_requests.submit',
  'service_requests.handle',
  'service_requests.escalate',
  'service_requests.stats',
];
/** Service centres, rooms and booking approval. */
const CENTER_OFFICIAL: readonly Permission[] = [
  'service_centers.read',
  'service_centers.manage',
  'service_centers.book',
  'service_centers.approve',
];

/** Member registry, 两新 registry and the cockpit for party officials of a subtree. */
const MEMBER_OFFICIAL: readonly Permission[] = [
  'members.read',
  'accounts.invite',
  'accounts.link_member',
  'development.read',
  'development.manage',
  'members.create',
  'members.update',
  'members.reveal',
  'members.transfer',
  'members.import',
  'members.export',
  'new_orgs.read',
  'new_orgs.manage',
  'cockpit.read',
];

/** Levels above a branch: read, supervise and inspect organizational life; approve manual points. */
const ORG_LIFE_SUPERVISOR: readonly Permission[] = [
  'org_life.read',
  'org_life.supervise',
  'org_life.inspect',
  'points.read',
  'points.approve',
];
/** A branch secretary plans, records and signs the branch's organizational life and keeps its points. */
const ORG_LIFE_BRANCH: readonly Permission[] = [
  'org_life.read',
  'org_life.plan',
  'org_life.record',
  'org_life.sign',
  'org_life.supervise',
  'points.read',
  'points.request',
  'points.reverse',
];

/** Responsibility lists (责任清单): every level makes, takes down, signs and reports on its lists. */
const RESPONSIBILITY_OFFICIAL: readonly Permission[] = [
  'responsibility.read',
  'responsibility.manage',
  'responsibility.sign',
  'responsibility.report',
];

/** Inspections and rectification (督查整改): levels above launch, inspect and verify; every level rectifies. */
const RECTIFICATION_SUPERVISOR: readonly Permission[] = [
  'rectification.read',
  'rectification.launch',
  'rectification.inspect',
  'rectification.rectify',
  'rectification.verify',
];

/** Assessment (考核, 评星定级): the district sets schemes; streets review; branches read their own and appeal. */
const ASSESSMENT_DISTRICT: readonly Permission[] = [
  'assessment.read',
  'assessment.manage',
  'assessment.review',
];
const ASSESSMENT_STREET: readonly Permission[] = ['assessment.read', 'assessment.review'];
const ASSESSMENT_BRANCH: readonly Permission[] = ['assessment.read', 'assessment.appeal'];

/** Dues (党费) and terms (换届) above the branch: they also approve bases, terms and elections below them. */
const DUES_SUPERVISOR: readonly Permission[] = ['dues.read', 'dues.record', 'dues.approve'];
const ELECTIONS_SUPERVISOR: readonly Permission[] = ['elections.read', 'elections.run', 'elections.approve'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  district_admin: [
    ...ASSESSMENT_DISTRICT,
    'development.approve',
    'development.configure',
    ...DUES_SUPERVISOR,
    ...ELECTIONS_SUPERVISOR,
    ...RESPONSIBILITY_OFFICIAL,
    ...RECTIFICATION_SUPERVISOR,
    ...ORG_LIFE_SUPERVISOR,
    'org_life.configure',
    'points.configure',
    ...ORG_OFFICIAL,
    ...MEMBER_OFFICIAL,
    'members.delete',
    'members.export_unmasked',
    'members.approve_export',
    'members.configure',
    ...GOVERNANCE_OFFICIAL,
    'proposals.configure',
    ...REQUEST_DESK,
    'service_requests.configure',
    'open311.manage_services',
    ...CENTER_OFFICIAL,
  ],
  street_secretary: [
    ...ASSESSMENT_STREET,
    'development.approve',
    ...DUES_SUPERVISOR,
    ...ELECTIONS_SUPERVISOR,
    ...RESPONSIBILITY_OFFICIAL,
    ...RECTIFICATION_SUPERVISOR,
    ...ORG_LIFE_SUPERVISOR,
    ...ORG_OFFICIAL,
    ...MEMBER_OFFICIAL,
    'members.delete',
    ...GOVERNANCE_OFFICIAL,
    'proposals.configure',
    ...REQUEST_DESK,
    ...CENTER_OFFICIAL,
  ],
  community_secretary: [
    ...ASSESSMENT_BRANCH,
    'development.approve',
    ...DUES_SUPERVISOR,
    ...ELECTIONS_SUPERVISOR,
    ...RESPONSIBILITY_OFFICIAL,
    'rectification.read',
    'rectification.rectify',
    'rectification.verify',
    ...ORG_LIFE_SUPERVISOR,
    ...ORG_OFFICIAL,
    ...MEMBER_OFFICIAL,
    ...GOVERNANCE_OFFICIAL,
    ...REQUEST_DESK,
    ...CENTER_OFFICIAL,
  ],
  branch_secretary: [
    ...ASSESSMENT_BRANCH,
    'dues.read',
    'dues.record',
    'elections.read',
    'elections.run',
    ...RESPONSIBILITY_OFFICIAL,
    'rectification.read',
    'rectification.rectify',
    ...ORG_LIFE_BRANCH,
    'orgs.read',
    'orgs.create',
    'orgs.update',
    ...MEMBER_OFFICIAL,
    ...GOVERNANCE_OFFICIAL,
    // a unit's party branch acts for its unit in dual reporting (claims, resources, service records)
    'dual_reporting.unit',
    ...REQUEST_DESK,
    'service_centers.read',
    'service_centers.book',
  ],
  member: [
    'dues.read_own',
    'org_life.read_own',
    'points.read_own',
    'orgs.read',
    'members.read_self',
    'volunteers.participate',
    'service_centers.read',
    'service_centers.book',
  ],
  resident: [
    'orgs.read',
    'proposals.participate',
    'volunteers.participate',
    'service_requests.submit',
    'service_requests.confirm',
    'service_centers.read',
    'service_centers.book',
  ],
  system_admin: [
    'orgs.read',
    'accounts.read',
    'accounts.create',
    'accounts.update',
    'accounts.disable',
    'accounts.reset_password',
    'accounts.link_member',
    'work_calendar.manage',
    'service_requests.configure',
    'open311.manage_keys',
    'open311.manage_services',
  ],
  security_admin: [
    'orgs.read',
    'accounts.read',
    'accounts.unlock',
    'accounts.manage_admins',
    'accounts.reset_totp',
    'roles.grant',
    'roles.revoke',
  ],
  audit_admin: ['orgs.read', 'audit.read', 'audit.export', 'audit.verify'],
  // 网格员: reports and handles the requests of their grid, sees its members (masked); nothing else.
  grid_worker: [
    'orgs.read',
    'members.read',
    'service_requests.read',
    'service_requests.submit',
    'service_requests.handle',
    'service_requests.escalate',
    'service_centers.read',
    'service_centers.book',
  ],
  // 楼栋长: reports residents' matters of the building (followed on their own requests page).
  building_leader: [
    'orgs.read',
    'service_requests.submit',
    'service_requests.confirm',
    'service_centers.read',
    'service_centers.book',
  ],
  // 共建单位联络员: the resident unit's side of co-building and dual reporting.
  unit_liaison: [
    'orgs.read',
    'co_building.read',
    'dual_reporting.read',
    'dual_reporting.unit',
    'volunteers.participate',
    'service_centers.read',
    'service_centers.book',
  ],
};

/**
 * Where a community-governance role may be granted: 网格员 on a grid, 楼栋长 on a building,
 * 共建单位联络员 on a unit's organization (one with a unit type). Other roles: any organization.
 */
export const ROLE_PLACEMENT: Partial<
  Record<Role, { levels?: readonly string[]; unit?: true; reason: string }>
> = {
  grid_worker: { levels: ['grid'], reason: '网格员只能在网格授予' },
  building_leader: { levels: ['building'], reason: '楼栋长只能在楼栋授予' },
  unit_liaison: { unit: true, reason: '共建单位联络员只能在驻区单位的组织授予' },
};

/** Why `role` cannot be granted on this organization, or null. */
export function placementRefusal(
  role: Role,
  org: { level: string | null; unitType: string | null },
): string | null {
  const rule = ROLE_PLACEMENT[role];
  if (!rule) return null;
  if (rule.levels && !rule.levels.includes(org.level ?? '')) return rule.reason;
  if (rule.unit && org.unitType === null) return rule.reason;
  return null;
}

/**
 * Permissions that act only strictly below the organization a role is granted on: a street
 * secretary renames, moves or closes the communities of the street, not the street itself.
 */
export const BELOW_ONLY: ReadonlySet<Permission> = new Set<Permission>([
  'orgs.update',
  'orgs.move',
  'orgs.close',
  // inspection of records and approval of manual points are the level above's job
  'org_life.inspect',
  'points.approve',
  // a rectification is verified by the level above the organization that rectified
  'rectification.verify',
]);

export const ROLE_LABELS: Record<Role, { 'zh-CN': string; 'en-US': string }> = {
  district_admin: { 'zh-CN': '区委组织部', 'en-US': 'District organization department' },
  street_secretary: { 'zh-CN': '街道党工委书记', 'en-US': 'Street secretary' },
  community_secretary: { 'zh-CN': '社区党组织书记', 'en-US': 'Community secretary' },
  branch_secretary: { 'zh-CN': '党支部书记', 'en-US': 'Branch secretary' },
  member: { 'zh-CN': '党员', 'en-US': 'Party member' },
  resident: { 'zh-CN': '居民', 'en-US': 'Resident' },
  system_admin: { 'zh-CN': '系统管理员', 'en-US': 'System administrator' },
  security_admin: { 'zh-CN': '安全管理员', 'en-US': 'Security administrator' },
  audit_admin: { 'zh-CN': '审计管理员', 'en-US': 'Audit administrator' },
  grid_worker: { 'zh-CN': '网格员', 'en-US': 'Grid worker' },
  building_leader: { 'zh-CN': '楼栋长', 'en-US': 'Building leader' },
  unit_liaison: { 'zh-CN': '共建单位联络员', 'en-US': 'Resident unit liaison' },
};

/**
 * Permissions that show personal data unmasked (a reveal, an unmasked export or its approval):
 * in the 等保 profile every account holding one must pass a second factor (DB-AUTH-07).
 */
export const PERSONAL_DATA_PERMISSIONS: readonly Permission[] = [
  ...new Set(Object.values(ROLE_PERMISSIONS).flat()),
].filter((p) => p.endsWith('.reveal') || p.includes('unmasked') || p.endsWith('.approve_export'));

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
