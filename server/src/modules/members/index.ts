import { backfillStatusHistory, generateMembers, linkDemoMemberAccount } from '../../demo/demo-members.ts';
import { defineModule } from '../../platform/module.ts';
import { memberImportRoutes } from './import/import.routes.ts';
import { membersRoutes } from './members.routes.ts';
import { migrations } from './migrations/index.ts';
import { withRollupsDeferred } from './rollups.ts';
import { transferRoutes } from './transfers.ts';

/**
 * Members of the demo district (示范区): 30,000 by default, like the source reports, deterministic
 * from the seed. JICENG_DEMO_MEMBERS changes the number (tests that only need the tree use 0).
 */
export function demoMemberCount(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number.parseInt(env.JICENG_DEMO_MEMBERS ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : 30_000;
}

export const membersModule = defineModule({
  name: 'members',
  migrations,
  async routes(app) {
    await app.register(membersRoutes);
    await app.register(memberImportRoutes);
    await app.register(transferRoutes);
  },
  async seedDemo({ db, crypto, now, seed, pglite }) {
    await db.transaction().execute(async (trx) => {
      // COPY on the embedded engine only into an empty table (a fresh demo district).
      const empty = !(await trx.selectFrom('members').select('id').limit(1).executeTakeFirst());
      await withRollupsDeferred(trx, () =>
        generateMembers(trx, crypto, now, {
          count: demoMemberCount(),
          seed,
          batchSize: 5000,
          copyInto: empty ? pglite : undefined,
        }),
      );
      await backfillStatusHistory(trx, now);
      await linkDemoMemberAccount(trx);
    });
  },
});
