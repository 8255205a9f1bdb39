import type ExcelJS from 'exceljs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from './actor.ts';
import type { AuditEvent } from './audit.ts';
import { chinaDate, endOfChinaDay, startOfChinaDay } from './clock.ts';
import type { Executor } from './db.ts';
import { ValidationError } from './errors.ts';
import { actorOf, noStore, runAction } from './http.ts';
import { loadOrgFor, type ScopedOrg } from './org-scope.ts';
import type { Permission } from './permissions.ts';
import { isoDate } from './validation.ts';
/**
 * Cells that a spreadsheet would run as a formula are prefixed with an apostrophe
 * (OWASP CSV injection): = + - @ tab and carriage return.
 */
export function escapeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvCell(value: string): string {
  const safe = escapeFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvCell).join(',');
}

/**
 * One ledger sheet as the offices expect it: the given columns, a bold header row that stays in
 * view while scrolling. Rows are added by the caller (escape free text with `escapeFormula`).
 */
export function addLedgerSheet(
  wb: ExcelJS.Workbook,
  name: string,
  columns: Partial<ExcelJS.Column>[],
): ExcelJS.Worksheet {
  const sheet = wb.addWorksheet(name);
  sheet.columns = columns;
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return sheet;
}

/** A ledger column: its header, its width (characters) and the cell of one row. */
export interface LedgerColumn<R> {
  header: string;
  width: number;
  /** Text is escaped (`escapeFormula`) on the way in; null and undefined leave the cell empty. */
  value: (row: R) => string | number | null | undefined;
}

/** A ledger sheet (`addLedgerSheet`) filled with one line per row, each cell from its column. */
export function addLedgerRows<R>(
  wb: ExcelJS.Workbook,
  name: string,
  columns: readonly LedgerColumn<R>[],
  rows: Iterable<R>,
): ExcelJS.Worksheet {
  const sheet = addLedgerSheet(
    wb,
    name,
    columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width })),
  );
  for (const row of rows) {
    sheet.addRow(
      columns.map((c) => {
        const v = c.value(row);
        return typeof v === 'string' ? escapeFormula(v) : (v ?? null);
      }),
    );
  }
  return sheet;
}

export async function workbookBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Sends a ledger (.xlsx) as a download: not cached, the file name in UTF-8, and one audit row
 * (`audit`, e.g. `proposals.export` with the row count in `detail`) written before the file leaves.
 * Exports are audited because a ledger carries records out of the system (security.md).
 */
export async function replyAuditedXlsx(
  request: FastifyRequest,
  reply: FastifyReply,
  file: { name: string; buffer: Buffer; audit: AuditEvent },
): Promise<FastifyReply> {
  await runAction(request, (_trx, audit) => audit(file.audit));
  noStore(reply);
  reply.header('content-type', XLSX_TYPE);
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
  return reply.send(file.buffer);
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The query of every ledger route: an organization (default: the caller's whole scope) and a period (China dates). */
export const ledgerQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});

/** What a ledger covers: the subtree roots, the chosen organization, and the period as instants too. */
export interface LedgerScope {
  /** Subtree roots: the chosen organization's path, or every root where the caller holds the permission. */
  paths: string[];
  org: ScopedOrg | undefined;
  from: string | undefined;
  to: string | undefined;
  /** The period's bounds as instants (for timestamp columns); open ends are undefined. */
  fromAt: Date | undefined;
  toAt: Date | undefined;
  actor: Actor;
  today: string;
}

/**
 * Mounts `GET <path>` (?orgId&from&to) answering one ledger as .xlsx: the organization is loaded
 * in the caller's scope (404 outside, 403 without the permission), `build` reads the rows within
 * `scope.paths` and the period, and the download is audited (`audit`, with the ledger's name, the
 * row count and the filters) by `replyAuditedXlsx`.
 */
export function mountLedger(
  app: FastifyInstance,
  spec: {
    path: string;
    access: Permission;
    tags: string[];
    /** The ledger's Chinese name, e.g. 群众提案台账: the file name and the audit detail. */
    title: string;
    /** The sheets it holds, for the API document. */
    describe: string;
    audit: string;
    build: (db: Executor, scope: LedgerScope) => Promise<{ buffer: Buffer; rows: number }>;
  },
): void {
  const { db, clock } = app.deps;
  app.withTypeProvider<ZodTypeProvider>().get(
    spec.path,
    {
      config: { access: spec.access },
      schema: {
        tags: spec.tags,
        querystring: ledgerQuery,
        response: { 200: z.any().describe(spec.describe) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { orgId, from, to } = request.query;
      if (from && to && to < from) throw new ValidationError({ to: '结束日期不能早于开始日期' });
      const org = orgId === undefined ? undefined : await loadOrgFor(db, actor, orgId, spec.access);
      const paths = org ? [org.path] : actor.paths(spec.access);
      const today = chinaDate(clock.now());
      const { buffer, rows } = await spec.build(db, {
        paths,
        org,
        from,
        to,
        fromAt: from ? startOfChinaDay(from) : undefined,
        toAt: to ? endOfChinaDay(to) : undefined,
        actor,
        today,
      });
      const period = from || to ? `${from ?? ''}至${to ?? today}` : today;
      return replyAuditedXlsx(request, reply, {
        name: `${org?.name ?? '本级及下级'}-${spec.title}-${period}.xlsx`,
        buffer,
        audit: {
          action: spec.audit,
          objectType: 'org',
          objectId: org?.id,
          orgPath: org?.path ?? paths[0] ?? null,
          detail: { ledger: spec.title, rows, from: from ?? null, to: to ?? null },
        },
      });
    },
  );
}
