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
] as const;
export type Role = (typeof ROLES)[number];

/** 三员: no account may hold two of these (enforced by a unique index too). */
export const ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];

export const PERMISSIONS = [
  // orgs
  'orgs.read',
  'orgs.create',
  'orgs.update',
  'orgs.move',
  'orgs.close',
  'orgs.manage_part_time_members',
  // accounts (system administrator) and roles (security administrator)
  'accounts.read',
  'accounts.create',
  'accounts.update',
  'accounts.disable',
  'accounts.unlock',
  'accounts.reset_password',
  'roles.grant',
  'roles.revoke',
  // audit (audit administrator)
  'audit.read',
  'audit.export',
  'audit.verify',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ORG_OFFICIAL: readonly Permission[] = [
  'orgs.read',
  'orgs.create',
  'orgs.update',
  'orgs.move',
  'orgs.close',
  'orgs.manage_part_time_members',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  district_admin: ORG_OFFICIAL,
  street_secretary: ORG_OFFICIAL,
  community_secretary: ORG_OFFICIAL,
  branch_secretary: ['orgs.read', 'orgs.create', 'orgs.update'],
  member: ['orgs.read'],
  resident: ['orgs.read'],
  system_admin: [
    'orgs.read',
    'accounts.read',
    'accounts.create',
    'accounts.update',
    'accounts.disable',
    'accounts.reset_password',
  ],
  security_admin: ['orgs.read', 'accounts.read', 'accounts.unlock', 'roles.grant', 'roles.revoke'],
  audit_admin: ['orgs.read', 'audit.read', 'audit.export', 'audit.verify'],
};

/**
 * Permissions that act only strictly below the organization a role is granted on: a street
 * secretary renames, moves or closes the communities of the street, not the street itself.
 */
export const BELOW_ONLY: ReadonlySet<Permission> = new Set<Permission>([
  'orgs.update',
  'orgs.move',
  'orgs.close',
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
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
