import { type Kysely, sql } from 'kysely';

/**
 * Import jobs (members and organizations): an upload's preview (status, progress, counts, row
 * errors) and its checked rows, in the database so that any app process can report progress and
 * commit, and a restart loses nothing. Rows are kept in chunks of checked, ready-to-insert values
 * (personal fields already encrypted, as in `members`); they go when the job is committed or
 * expires. Only the uploader reads or commits a job (checked by the routes).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table member_import_jobs (
      id text primary key,
      kind text not null check (kind in ('members', 'orgs')),
      org_id integer not null references orgs (id),
      created_by integer,
      status text not null check (status in ('parsing', 'ready', 'failed', 'committed')),
      phase text not null,
      done integer not null default 0,
      total integer not null default 0,
      error text,
      file_hash text not null,
      filename text,
      preview jsonb,
      result jsonb,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      expires_at timestamptz not null
    );
    create index member_import_jobs_expires_idx on member_import_jobs (expires_at);

    create table member_import_job_rows (
      job_id text not null references member_import_jobs (id) on delete cascade,
      seq integer not null,
      org_id integer not null references orgs (id),
      row_count integer not null,
      rows jsonb not null,
      primary key (job_id, seq)
    );
    alter table member_import_job_rows alter column rows set storage external;
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table member_import_job_rows;
    drop table member_import_jobs;
  `.execute(db);
}
