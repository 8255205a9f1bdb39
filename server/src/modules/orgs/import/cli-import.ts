import { type OpenMigrated, runImportCli } from '../../../platform/imports/cli.ts';
import { today } from '../../members/index.ts';
import { commitOrgImport, previewOrgImport } from './import.service.ts';

/**
 * `jiceng import orgs FILE --org CODE [--dry-run] [--json]`: same checks and the same `--json`
 * shape as the member import. The command line acts as the system: any parent inside the
 * organization CODE is allowed.
 */
export function runOrgImportCommand(open: OpenMigrated, args: string[]): Promise<number> {
  return runImportCli(open, args, {
    kind: 'orgs',
    unit: '个组织',
    thing: '组织',
    preview: (db, _crypto, job, org, bytes, now, onProgress) =>
      previewOrgImport(db, null, job, org, bytes, today(now), {
        onProgress: (done, total) => onProgress('parse', done, total),
      }),
    commit: (trx, job, org, ctx) => commitOrgImport(trx, job, org, { actor: null, ...ctx }),
  });
}
