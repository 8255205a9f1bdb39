import type { Actor } from './actor.ts';
import type { Audience, AuditObjectNames, Figure, ModuleManifest, TodoSource } from './module.ts';
import { type Permission, ROLE_PERMISSIONS, type Role } from './permissions.ts';

/** One entry of a person's navigation (`GET /auth/me`). */
export interface NavigationItem {
  key: string;
  path: string;
  title: string;
}

/** Who each role is: a level of party organization, a member, a resident, or a 三员 administrator. */
export const ROLE_AUDIENCE: Record<Role, Audience> = {
  district_admin: 'district',
  street_secretary: 'street',
  community_secretary: 'community',
  branch_secretary: 'branch',
  member: 'member',
  resident: 'resident',
  system_admin: 'admin',
  security_admin: 'admin',
  audit_admin: 'admin',
  // Community governance: the grid worker and the unit liaison work at a branch's level (their
  // permissions keep them to requests, members, co-building); the building leader as a resident.
  grid_worker: 'branch',
  building_leader: 'resident',
  unit_liaison: 'branch',
};

/** The levels of party organization, top first: a page for one level is for every level above it too. */
const LEVELS: readonly Audience[] = ['district', 'street', 'community', 'branch'];

/** Whether a role of audience `role` reaches an entry meant for `entry`. */
function reaches(role: Audience, entry: Audience): boolean {
  const r = LEVELS.indexOf(role);
  const e = LEVELS.indexOf(entry);
  if (r >= 0 && e >= 0) return r <= e;
  return role === entry;
}

const list = <T>(value: T | readonly T[]): readonly T[] =>
  Array.isArray(value) ? (value as readonly T[]) : [value as T];

/**
 * What the platform builds from the manifests: the permission registry (with labels), the
 * navigation of a person, and the cockpit's figures. No module is named here.
 */
export interface ModuleRegistry {
  /** Every permission, in manifest order, with its Chinese label. */
  permissions: ReadonlyMap<Permission, string>;
  /** The side menu of this person: entries whose permission they hold through a role the entry is for. */
  navigationFor(actor: Actor): NavigationItem[];
  /** Every module's figures, in module order. */
  figures: readonly Figure<Permission>[];
  /** How the audit viewer names records, by audit `objectType` (from the manifests). */
  auditObjects: ReadonlyMap<string, AuditObjectNames>;
  /** The to-do sources this person may be asked about (they hold the source's permission), in module order. */
  todosFor(actor: Actor): readonly TodoSource<Permission>[];
}

export function buildRegistry(manifests: readonly ModuleManifest<string>[]): ModuleRegistry {
  const permissions = new Map<Permission, string>();
  const seen = new Set<string>();
  const unique = (kind: string, key: string) => {
    if (seen.has(`${kind}:${key}`)) throw new Error(`模块清单中${kind}重复: ${key}`);
    seen.add(`${kind}:${key}`);
  };
  for (const m of manifests) {
    for (const [p, label] of Object.entries<string>(m.permissions ?? {})) {
      unique('权限', p);
      permissions.set(p as Permission, label);
    }
  }
  const granted = new Set<string>(Object.values(ROLE_PERMISSIONS).flat());
  const known = (p: string, where: string) => {
    if (!permissions.has(p as Permission)) throw new Error(`${where}使用了未声明的权限: ${p}`);
  };
  for (const p of granted) known(p, '角色');
  const menu = manifests
    .flatMap((m) => m.menu ?? [])
    .map((entry) => {
      unique('菜单', entry.key);
      for (const p of list(entry.permission)) known(p, `菜单 ${entry.key} `);
      return entry;
    })
    .sort((a, b) => a.order - b.order);
  const figures = manifests.flatMap((m) => m.figures ?? []) as Figure<Permission>[];
  for (const f of figures) {
    unique('指标', f.key);
    known(f.permission, `指标 ${f.key} `);
  }
  const todos = manifests.flatMap((m) => m.todos ?? []) as TodoSource<Permission>[];
  for (const source of todos) {
    unique('待办', source.key);
    known(source.permission, `待办 ${source.key} `);
  }
  const auditObjects = new Map<string, AuditObjectNames>();
  for (const m of manifests) {
    for (const [type, names] of Object.entries(m.auditObjects ?? {})) {
      unique('审计对象', type);
      auditObjects.set(type, names);
    }
  }
  return {
    permissions,
    figures,
    auditObjects,
    todosFor(actor) {
      return todos.filter((source) => actor.hasPermission(source.permission));
    },
    navigationFor(actor) {
      return menu
        .filter((entry) =>
          actor.grants.some(
            (g) =>
              list(entry.for).some((audience) => reaches(ROLE_AUDIENCE[g.role], audience)) &&
              list(entry.permission).some((p) => ROLE_PERMISSIONS[g.role].includes(p as Permission)),
          ),
        )
        .map(({ key, path, title }) => ({ key, path, title }));
    },
  };
}
