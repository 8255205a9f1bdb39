import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { ModuleManifest } from './module.ts';

/** The modules' migrations in one global order (names start with a timestamp). */
export class ModuleMigrationProvider implements MigrationProvider {
  constructor(private readonly manifests: readonly Pick<ModuleManifest, 'migrations'>[]) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const all: Record<string, Migration> = {};
    for (const mod of this.manifests) {
      for (const [name, migration] of Object.entries(mod.migrations)) {
        if (all[name]) throw new Error(`迁移名称重复: ${name}`);
        all[name] = migration;
      }
    }
    return all;
  }
}

/** Applies the modules' pending migrations; returns the names applied. */
export async function migrateToLatest(
  // biome-ignore lint/suspicious/noExplicitAny: migrations run against the untyped schema
  db: Kysely<any>,
  manifests: readonly Pick<ModuleManifest, 'migrations'>[],
): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new ModuleMigrationProvider(manifests) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`数据库迁移失败${failed ? `（${failed.migrationName}）` : ''}: ${String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
