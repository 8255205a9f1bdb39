import { ForbiddenError, NotFoundError } from './errors.ts';
import { BELOW_ONLY, type Permission, type Role, roleHas } from './permissions.ts';

export interface Grant {
  id: number;
  role: Role;
  orgId: number;
  orgPath: string;
  orgName: string;
}

export interface ActorUser {
  id: number;
  username: string;
  displayName: string;
  homeOrgId: number;
  homeOrgPath: string;
}

/**
 * Who is calling, and what they may see. Scope is the organization subtree of each role grant;
 * everything outside every grant does not exist for this caller (404).
 */
export class Actor {
  constructor(
    readonly user: ActorUser,
    readonly grants: readonly Grant[],
    readonly sessionId: string,
  ) {}

  get roles(): Role[] {
    return [...new Set(this.grants.map((g) => g.role))];
  }

  hasPermission(permission: Permission): boolean {
    return this.grants.some((g) => roleHas(g.role, permission));
  }

  /** Subtree roots (org paths) where this permission applies, without nested duplicates. */
  paths(permission: Permission): string[] {
    const all = this.grants.filter((g) => roleHas(g.role, permission)).map((g) => g.orgPath);
    return minimalPaths(all);
  }

  /** Subtree roots of every grant: what the caller can see at all. */
  visiblePaths(): string[] {
    return minimalPaths(this.grants.map((g) => g.orgPath));
  }

  sees(path: string): boolean {
    return this.grants.some((g) => path.startsWith(g.orgPath));
  }

  can(permission: Permission, path: string): boolean {
    const belowOnly = BELOW_ONLY.has(permission);
    return this.grants.some(
      (g) => roleHas(g.role, permission) && path.startsWith(g.orgPath) && (!belowOnly || path !== g.orgPath),
    );
  }
}

/** Drop paths that lie inside another path of the list. */
export function minimalPaths(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const out: string[] = [];
  for (const p of sorted) {
    if (!out.some((q) => p.startsWith(q))) out.push(p);
  }
  return out;
}

/**
 * The one authorization check for an object at `path`: outside every grant → 404 (it does not
 * exist for the caller); visible but not permitted → 403.
 */
export function authorize(actor: Actor, permission: Permission, path: string): void {
  if (actor.can(permission, path)) return;
  if (!actor.sees(path)) throw new NotFoundError();
  throw new ForbiddenError();
}
