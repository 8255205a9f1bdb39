import type { PGlite } from '@electric-sql/pglite';
import type { FastifyPluginAsync } from 'fastify';
import type { Migration } from 'kysely';
import type { FieldCrypto } from './crypto.ts';
import type { Db } from './db.ts';

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
 * What a module declares to the platform (Decidim's manifest): its migrations and its routes.
 * The platform reads the list in modules/index.ts and never imports module internals.
 */
export interface ModuleManifest {
  name: string;
  migrations: Record<string, Migration>;
  /** Registered under /api/v1. */
  routes?: FastifyPluginAsync;
  /**
   * Registered at the root (outside /api), for interchange paths fixed by an outside standard
   * (Open311's /open311/v2/…). They are `public` to the session layer: the module authenticates.
   */
  rootRoutes?: FastifyPluginAsync;
  /** Adds this module's part of the demo district (示范区), in module order. */
  seedDemo?: (ctx: DemoSeedContext) => Promise<void>;
}

export function defineModule(manifest: ModuleManifest): ModuleManifest {
  return manifest;
}
