import { type Kysely, sql } from 'kysely';

// Frozen once merged. 三员分立 between the administrators and the business: an account that holds
// a 三员 role (system_admin, security_admin, audit_admin) holds no business role, and the reverse.
// The service checks first for a clear message; this trigger holds underneath, also for concurrent
// grants: it locks the account's row before looking at its other active grants, so two grants of
// different classes to one account are serialized and the second one sees the first.
// Existing data: the migration refuses to run (naming the accounts) if an account already holds
// both classes; an operator revokes the wrong grants first. Nothing is changed silently.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function role_grants_class(role text) returns text
      language sql immutable
      as $$ select case when role in ('system_admin', 'security_admin', 'audit_admin')
        then 'admin' else 'business' end $$;

    do $$
    declare
      mixed text;
    begin
      select string_agg(user_id::text, ', ' order by user_id) into mixed from (
        select user_id from role_grants where revoked_at is null
        group by user_id having count(distinct role_grants_class(role)) > 1
      ) m;
      if mixed is not null then
        raise exception '三员分立：以下账户同时持有三员角色和业务角色，请先收回其中一类后再升级：%', mixed
          using errcode = '23514';
      end if;
    end $$;

    create function role_grants_one_class() returns trigger
      language plpgsql
      as $$
      begin
        if new.revoked_at is not null then
          return new;
        end if;
        perform 1 from users where id = new.user_id for update;
        if exists (
          select 1 from role_grants g
          where g.user_id = new.user_id and g.revoked_at is null and g.id <> new.id
            and role_grants_class(g.role) <> role_grants_class(new.role)
        ) then
          raise exception '三员分立：同一账户不能同时持有三员角色和业务角色'
            using errcode = '23514', constraint = 'role_grants_one_class';
        end if;
        return new;
      end;
      $$;

    create trigger role_grants_one_class
      before insert or update of role, user_id, revoked_at on role_grants
      for each row execute function role_grants_one_class();
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger role_grants_one_class on role_grants;
    drop function role_grants_one_class();
    drop function role_grants_class(text);
  `.execute(db);
}
