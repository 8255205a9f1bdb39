import { type Kysely, sql } from 'kysely';

// Frozen once merged. The chain becomes keyed (ADR 0011): from now on the application computes each
// row's hash as HMAC-SHA256 with a key the database never holds (chain_version 2). The database
// still serializes the chain: `audit_log_claim()` takes the advisory lock, draws the id and returns
// the head's hash; the insert trigger re-checks the link. Rows written before this stay version 1
// (unkeyed digest) and remain verifiable; a version 1 row after a version 2 row is tampering.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table audit_log add column chain_version smallint not null default 1;
    alter table audit_log add column roles text;

    create function audit_log_claim(out id bigint, out prev_hash text)
    language plpgsql volatile as $fn$
    begin
      -- One writer at a time, in commit order, across every app process (held until commit).
      perform pg_advisory_xact_lock(7243001);
      id := nextval('audit_log_seq');
      select a.hash into prev_hash from audit_log a order by a.id desc limit 1;
      prev_hash := coalesce(prev_hash, repeat('0', 64));
    end
    $fn$;

    create or replace function audit_log_chain() returns trigger
    language plpgsql as $fn$
    declare head record;
    begin
      perform pg_advisory_xact_lock(7243001);
      if new.chain_version = 2 then
        -- Written by the application after audit_log_claim(): the link must still be the head.
        select a.id, a.hash into head from audit_log a order by a.id desc limit 1;
        if new.prev_hash is distinct from coalesce(head.hash, repeat('0', 64))
           or new.id <= coalesce(head.id, 0) then
          raise exception '审计日志链头已变化，写入被拒绝' using errcode = '40001';
        end if;
        return new;
      end if;
      -- Legacy unkeyed row (not written by the application): verification flags it.
      new.chain_version := 1;
      new.id := nextval('audit_log_seq');
      select hash into new.prev_hash from audit_log order by id desc limit 1;
      new.prev_hash := coalesce(new.prev_hash, repeat('0', 64));
      if new.at is null then new.at := now(); end if;
      new.hash := audit_log_digest(new.prev_hash, new);
      return new;
    end
    $fn$;
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function audit_log_chain() returns trigger
    language plpgsql as $fn$
    declare prev text;
    begin
      perform pg_advisory_xact_lock(7243001);
      new.id := nextval('audit_log_seq');
      select hash into prev from audit_log order by id desc limit 1;
      new.prev_hash := coalesce(prev, repeat('0', 64));
      if new.at is null then new.at := now(); end if;
      new.hash := audit_log_digest(new.prev_hash, new);
      return new;
    end
    $fn$;
    drop function audit_log_claim();
    alter table audit_log drop column roles;
    alter table audit_log drop column chain_version;
  `.execute(db);
}
