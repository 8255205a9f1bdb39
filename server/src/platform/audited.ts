import type { Updateable } from 'kysely';
import type { AuditEvent } from './audit.ts';
import type { DB } from './database.ts';
import type { ServiceContext } from './module-kit.ts';

/**
 * Updates one row by its id and records the audit event of that change in the same transaction
 * (the write and its audit row commit together or not at all). `audit` is the event without its
 * object id (the row's id). The insert counterpart is `insertAudited` (`module-kit.ts`).
 */
export async function updateAudited<T extends keyof DB & string>(
  ctx: Pick<ServiceContext, 'trx' | 'audit'>,
  table: T,
  id: number,
  values: Updateable<DB[T]>,
  audit: Omit<AuditEvent, 'objectId'>,
): Promise<void> {
  // The table name and its values are typed at the call; Kysely cannot follow a generic table name.
  // biome-ignore lint/suspicious/noExplicitAny: see above
  const trx = ctx.trx as any;
  await trx.updateTable(table).set(values).where('id', '=', id).execute();
  await ctx.audit({ ...audit, objectId: id });
}
