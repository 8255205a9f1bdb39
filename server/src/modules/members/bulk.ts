import { type Insertable, sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';
import type { MembersTable } from './members.tables.ts';

export type MemberInsert = Omit<Insertable<MembersTable>, 'id'>;

const INSERT_COLUMNS: readonly (keyof MemberInsert)[] = [
  'orgId',
  'userId',
  'name',
  'gender',
  'ethnicity',
  'birthDate',
  'idNumberEnc',
  'idNumberHash',
  'idNumberMasked',
  'phoneEnc',
  'phoneHash',
  'phoneMasked',
  'addressEnc',
  'education',
  'workUnit',
  'position',
  'joinedOn',
  'fullOn',
  'category',
  'status',
  'statusSince',
  'importId',
  'createdAt',
  'updatedAt',
];
const SQL_TYPES: Partial<Record<keyof MemberInsert, string>> = {
  orgId: 'integer',
  userId: 'integer',
  importId: 'integer',
  birthDate: 'date',
  joinedOn: 'date',
  fullOn: 'date',
  statusSince: 'date',
  createdAt: 'timestamptz',
  updatedAt: 'timestamptz',
};
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Many rows in one statement with a single JSON parameter (fast on both backends, no
 * 65,535-parameter limit). Rows whose ID number is already registered are skipped.
 */
export async function insertMemberRows(db: Executor, rows: readonly MemberInsert[]): Promise<number> {
  if (rows.length === 0) return 0;
  const cols = INSERT_COLUMNS.map(snake);
  const defs = INSERT_COLUMNS.map((k) => `${snake(k)} ${SQL_TYPES[k] ?? 'text'}`).join(', ');
  const payload = JSON.stringify(
    rows
      .map((r) =>
        INSERT_COLUMNS.map((k) => (r[k] instanceof Date ? (r[k] as Date).toISOString() : (r[k] ?? null))),
      )
      .map((v) => Object.fromEntries(cols.map((c, i) => [c, v[i]]))),
  );
  const result = await sql`
    insert into members (${sql.raw(cols.join(', '))})
    select ${sql.raw(cols.join(', '))} from jsonb_to_recordset(${payload}::jsonb) as x(${sql.raw(defs)})
    on conflict (id_number_hash) do nothing
  `.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
