import { type Kysely, sql } from 'kysely';

// Frozen once merged. Append-only audit log with a SHA-256 hash chain computed by the database.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create sequence audit_log_seq;
    create table audit_log (
      id bigint primary key,
      at timestamptz not null,
      user_id integer,
      username text,
      action text not null,
      object_type text,
      object_id text,
      org_path text,
      outcome text not null check (outcome in ('success', 'failure', 'denied')),
      ip text,
      user_agent text,
      request_id text,
      detail jsonb not null default '{}'::jsonb,
      prev_hash text not null,
      hash text not null
    );
    create index audit_log_at_idx on audit_log (at);
    create index audit_log_org_path_idx on audit_log (org_path text_pattern_ops);
    create index audit_log_user_idx on audit_log (user_id, at);
    create index audit_log_action_idx on audit_log (action, at);

    create function audit_log_digest(prev text, r audit_log) returns text
    language sql immutable as $fn$
      select encode(sha256(convert_to(concat_ws('|',
        prev, r.id::text, (extract(epoch from r.at) * 1000000)::bigint::text,
        coalesce(r.user_id::text, ''), coalesce(r.username, ''), r.action,
        coalesce(r.object_type, ''), coalesce(r.object_id, ''), coalesce(r.org_path, ''),
        r.outcome, coalesce(r.ip, ''), coalesce(r.user_agent, ''), coalesce(r.request_id, ''),
        r.detail::text), 'UTF8')), 'hex')
    $fn$;

    create function audit_log_chain() returns trigger
    language plpgsql as $fn$
    declare prev text;
    begin
      -- One writer at a time, in commit order, across every app process.
      perform pg_advisory_xact_lock(7243001);
      new.id := nextval('audit_log_seq');
      select hash into prev from audit_log order by id desc limit 1;
      new.prev_hash := coalesce(prev, repeat('0', 64));
      if new.at is null then new.at := now(); end if;
      new.hash := audit_log_digest(new.prev_hash, new);
      return new;
    end
    $fn$;

    create function audit_log_refuse_change() returns trigger
    language plpgsql as $fn$
    begin
      raise exception '审计日志只允许追加，不能修改或删除' using errcode = '42501';
    end
    $fn$;

    create trigger audit_log_chain before insert on audit_log
      for each row execute function audit_log_chain();
    create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_refuse_change();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_refuse_change();
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table audit_log;
    drop sequence audit_log_seq;
    drop function audit_log_digest(text, audit_log);
    drop function audit_log_chain();
    drop function audit_log_refuse_change();
  `.execute(db);
}
