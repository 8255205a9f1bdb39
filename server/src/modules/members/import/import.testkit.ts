/**
 * Member import tests' shared steps (tests only): a job through its preview and its commit, the
 * way the routes and the command line run them.
 */

import { testCrypto } from '../../../../test/app.ts';
import type { Db } from '../../../platform/db.ts';
import { createImportJob, runPreview } from '../../../platform/imports/jobs.ts';
import type { ImportLimits } from '../../../platform/imports/sheet.ts';
import {
  commitMemberImport,
  type MemberImportMode,
  type MemberPreview,
  previewMemberImport,
} from './import.service.ts';

type Target = Parameters<typeof previewMemberImport>[3];

export async function previewMemberFile(
  db: Db,
  target: Target,
  file: { bytes: Buffer; filename: string },
  today: string,
  options: { limits?: ImportLimits; mode?: MemberImportMode } = {},
) {
  const job = await createImportJob(db, {
    kind: 'members',
    orgId: target.id,
    ownerId: null,
    bytes: file.bytes,
    filename: file.filename,
    now: new Date(),
  });
  const done = await runPreview(
    db,
    job,
    () => new Date(),
    () => previewMemberImport(db, testCrypto, job, target, file.bytes, today, options),
  );
  return { job: done, preview: done.preview as MemberPreview };
}

export type PreviewedJob = Awaited<ReturnType<typeof previewMemberFile>>['job'];

export const commitMemberFile = (db: Db, job: PreviewedJob, target: Target) =>
  db
    .transaction()
    .execute((trx) => commitMemberImport(trx, job, target, { actorId: null, now: new Date(), audit: null }));
