import { sql } from 'kysely';
import { randomToken } from '../../platform/crypto.ts';
import type { Executor } from '../../platform/db.ts';
import { hashPassword } from './passwords.ts';

/**
 * Most members of the demo district have activated their own account (about six in seven; the
 * rest show up as not yet registered, with the registration rate below 100 %). The accounts get
 * one unguessable password nobody knows (the demo signs in as `member`, not as these).
 */
export async function seedDemoActivations(db: Executor, now: Date): Promise<void> {
  const passwordHash = await hashPassword(randomToken(24));
  await sql`
    with picked as (
      select m.id, m.name, m.org_id from members m
       where m.user_id is null and m.status in ('probationary', 'full', 'lost_contact') and m.id % 7 <> 0
    ), created as (
      insert into users (username, display_name, home_org_id, password_hash, password_changed_at,
                         must_change_password, is_demo, created_at, updated_at)
      select 'm' || lpad(p.id::text, 6, '0'), p.name, p.org_id, ${passwordHash}, ${now}, false, true, ${now}, ${now} from picked p
      returning id, username, home_org_id
    ), granted as (
      insert into role_grants (user_id, role, org_id, granted_by, granted_at)
      select c.id, 'member', c.home_org_id, null, ${now} from created c
      returning user_id
    )
    update members m set user_id = c.id
      from created c where c.username = 'm' || lpad(m.id::text, 6, '0')
  `.execute(db);
}
