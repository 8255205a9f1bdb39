import type { PGlite } from '@electric-sql/pglite';
import type { FastifyPluginAsync } from 'fastify';
import { type Migration, sql } from 'kysely';
import type { Actor } from './actor.ts';
import type { FieldCrypto } from './crypto.ts';
import type { Db } from './db.ts';
import type { RouteDocs } from './openapi.ts';

/** What a module's demo seed receives: the demo tree is already built when it runs. */
export interface DemoSeedContext {
  db: Db;
  crypto: FieldCrypto;
  now: Date;
  /** Deterministic seed for generators. */
  seed: number;
  /** The embedded engine when the backend is PGlite: bulk seeds may COPY through it (same session). */
  pglite?: PGlite;
}

/**
 * Who a menu entry is for. The four levels of party organization (a page for the district is
 * shown only to district roles; a page for the branch level to every party official, the branch
 * and every level above it), and the three kinds of person who are not officials: a member (their
 * own pages), a resident, and the 三员 administrators.
 */
export type Audience = 'district' | 'street' | 'community' | 'branch' | 'member' | 'resident' | 'admin';

/** One entry of the side menu: shown when the person holds `permission` through a role the entry is for. */
export interface MenuEntry<P extends string = string> {
  /** Unique over every module; the web finds the entry's icon and English label by it. */
  key: string;
  /** The web page's path. */
  path: string;
  /** Chinese title shown in the menu. */
  title: string;
  /** The person needs one of these. */
  permission: P | readonly P[];
  for: Audience | readonly Audience[];
  /** Position in the menu (smaller first). */
  order: number;
}

/** What a figure's computation receives: the organization it is computed for, already in the caller's scope. */
export interface FigureContext {
  db: Db;
  actor: Actor;
  org: { id: number; path: string; name: string };
  /** Today in China (YYYY-MM-DD). */
  today: string;
}

/**
 * A number the module contributes to the cockpit: computed in SQL over the organization's subtree,
 * with the list page that shows the records behind it (`drill` with the query it is opened with).
 */
export interface Figure<P extends string = string> {
  /** Unique over every module. */
  key: string;
  /** Chinese title. */
  title: string;
  /** Shown only to a caller holding this permission on the organization. */
  permission: P;
  compute: (ctx: FigureContext) => Promise<number>;
  /** Web path of the list behind the figure, opened with `?orgId=<org>` and `query`. */
  drill: { path: string; query?: Record<string, string> };
}

/** What a to-do source receives: the person asking (their grants bound every query) and today in China. */
export interface TodoContext {
  db: Db;
  actor: Actor;
  now: Date;
  /** Today in China (YYYY-MM-DD). */
  today: string;
}

/** One thing a person has to do or should know (a meeting to record, a request due, a leave answered). */
export interface TodoItem {
  /** Unique within its source (a record id, or id and state: an item that changes becomes unread again). */
  id: string;
  /** Chinese title (the meeting's topic, the request's title). */
  title: string;
  /** Chinese line under it (organization, what is expected). */
  detail?: string;
  /** The date it is due or happens (YYYY-MM-DD). */
  date?: string | null;
  /** Past its date. */
  overdue?: boolean;
  /** Web path that opens the record. */
  path: string;
}

/**
 * A list the module contributes to each person's to-do list (header badge, `/todos`): one scoped
 * query per person, asked only of people holding `permission` through any role. The source itself
 * bounds what it returns to the person's own records or the subtrees where they hold the
 * permission (`actor.paths(permission)`): the platform never widens it.
 */
export interface TodoSource<P extends string = string> {
  /** Unique over every module (`org-life.to-record`). */
  key: string;
  /** Chinese title of the group (待记录的会议). */
  title: string;
  permission: P;
  list: (ctx: TodoContext) => Promise<TodoItem[]>;
}

/**
 * How the audit viewer names a module's records: the Chinese name of the `objectType` its audit
 * rows carry (账号, 组织) and, given the stored ids, each record's name (one query for all of them).
 * The audit viewer is read by the audit administrator over the whole deployment.
 */
export interface AuditObjectNames {
  label: string;
  /** Names of these records (ids as stored in the audit row); ids not found are left out. */
  names?: (db: Db, ids: readonly string[]) => Promise<Map<string, string>>;
}

/**
 * `names` for records with numeric ids: `load` gets the distinct ids (non-numeric ones dropped)
 * and returns `{ id, name }` rows; one query, never called without ids.
 */
export function namesByNumericId(
  load: (db: Db, ids: number[]) => Promise<readonly { id: number; name: string }[]>,
): NonNullable<AuditObjectNames['names']> {
  return async (db, ids) => {
    const wanted = [...new Set(ids.filter((id) => /^\d{1,9}$/.test(id)).map(Number))];
    if (wanted.length === 0) return new Map();
    return new Map((await load(db, wanted)).map((row) => [String(row.id), row.name]));
  };
}

/** A ledger (Excel) the module exports, with the permission it needs. */
export interface LedgerExport<P extends string = string> {
  key: string;
  title: string;
  /** API path under /api/v1 (`:id` stands for an organization id). */
  path: string;
  permission: P;
}

/**
 * What a module declares to the platform (Decidim's manifest). The platform reads the list that
 * the composition root (modules/index.ts) hands it and never imports a module.
 */
export interface ModuleManifest<P extends string = string> {
  name: string;
  migrations: Record<string, Migration>;
  /** Every `module.action` permission of the module, with its Chinese label. */
  permissions?: Readonly<Record<P, string>>;
  /** Registered under /api/v1. */
  routes?: FastifyPluginAsync;
  /** Each route's operationId (`module.action`) and Chinese summary in the OpenAPI document. */
  docs?: RouteDocs;
  /**
   * Registered at the root (outside /api), for interchange paths fixed by an outside standard
   * (Open311's /open311/v2/…). They are `public` to the session layer: the module authenticates.
   */
  rootRoutes?: FastifyPluginAsync;
  /** Side-menu entries, in menu order. */
  menu?: readonly MenuEntry<NoInfer<P>>[];
  /** Figures for the cockpit, in display order. */
  figures?: readonly Figure<NoInfer<P>>[];
  /** Ledgers the module exports. */
  exports?: readonly LedgerExport<NoInfer<P>>[];
  /** Names of the module's records in the audit viewer, by the `objectType` of its audit rows. */
  auditObjects?: Readonly<Record<string, AuditObjectNames>>;
  /** Lists the module adds to each person's to-do list, in display order. */
  todos?: readonly TodoSource<NoInfer<P>>[];
  /** Adds this module's part of the demo district (示范区), in module order. */
  seedDemo?: (ctx: DemoSeedContext) => Promise<void>;
}

/**
 * Declares a module. `P` is the module's own permissions (`orgs.read` …): its menu entries,
 * figures and exports can only name those.
 */
export function defineModule<const P extends string = never>(manifest: ModuleManifest<P>): ModuleManifest<P> {
  return manifest;
}

/** The permissions a manifest (or a union of manifests) declares (the composition root merges them). */
export type PermissionOf<M> = M extends ModuleManifest<infer P> ? P : never;

/**
 * The `compute` of a figure that reads a subtree rollup table kept by the module's triggers: the
 * organization's `all` row (one indexed read, whatever the size of the subtree).
 */
export function rollupTotal(table: string): Figure['compute'] {
  return async ({ db, org }) => {
    const { rows } = await sql<{ n: number | string }>`
      select n from ${sql.table(table)} where org_id = ${org.id} and dim = 'all'`.execute(db);
    return Number(rows[0]?.n ?? 0);
  };
}
