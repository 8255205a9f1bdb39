import { type OpenMigrated, runImportCli } from '../../../platform/imports/cli.ts';
import { today } from '../members.service.ts';
import { commitMemberImport, previewMemberImport } from './import.service.ts';

/**
 * `jiceng import members FILE --org CODE [--update] [--dry-run] [--json]`; `--update` adds new
 * people and updates the changed fields of people already registered in CODE's subtree.
 */
export function runImportCommand(open: OpenMigrated, args: string[]): Promise<number> {
  return runImportCli(open, args, {
    kind: 'members',
    unit: '人',
    thing: '人员',
    usage: '[--update] ',
    preview: (db, crypto, job, org, bytes, now, onProgress, flags) =>
      previewMemberImport(db, crypto, job, org, bytes, today(now), {
        onProgress,
        mode: flags.includes('--update') ? 'update' : 'add',
      }),
    commit: (trx, job, org, ctx) => commitMemberImport(trx, job, org, { actorId: null, ...ctx }),
  });
}

export { progressBar } from '../../../platform/imports/cli.ts';
