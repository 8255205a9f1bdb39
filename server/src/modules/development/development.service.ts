import type { Executor } from '../../platform/db.ts';

/** Step 1's record: the application (入党申请书) received on `appliedOn`. */
export async function recordApplication(
  trx: Executor,
  caseId: number,
  appliedOn: string,
  actorId: number | null,
  now: Date,
): Promise<void> {
  await trx
    .insertInto('developmentSteps')
    .values({
      caseId,
      step: 1,
      doneOn: appliedOn,
      record: '入党申请书',
      detail: '{}',
      actorId,
      createdAt: now,
    })
    .execute();
}
