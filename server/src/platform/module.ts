import type { FastifyPluginAsync } from 'fastify';
import type { Migration } from 'kysely';

/**
 * What a module declares to the platform (Decidim's manifest): its migrations and its routes.
 * The platform reads the list in modules/index.ts and never imports module internals.
 */
export interface ModuleManifest {
  name: string;
  migrations: Record<string, Migration>;
  /** Registered under /api/v1. */
  routes?: FastifyPluginAsync;
}

export function defineModule(manifest: ModuleManifest): ModuleManifest {
  return manifest;
}
