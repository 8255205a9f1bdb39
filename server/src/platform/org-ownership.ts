import { sql } from 'kysely';
import type { Db } from './db.ts';

/**
 * Which tables are not owned by one organization, and why (issue 19, ADR 0015). Every other table
 * carries its owning organization in an `org_id` column: the column a Citus deployment distributes
 * by (county-level shards), checked over all tables by `org-ownership.test.ts`. In a sharded
 * deployment these tables become reference tables (small catalogues, replicated to every node) or
 * stay on the coordinator (accounts, sessions, security counters, the audit log).
 */
export const GLOBAL_TABLES: Readonly<Record<string, string>> = {
  orgs: 'the organization tree itself: the row is the organization (its id is the org id)',
  users: 'an account can hold roles in several organizations (role_grants) and residents belong to none',
  sessions: 'belongs to an account, not to an organization',
  password_history: 'belongs to an account',
  password_resets: 'belongs to an account',
  notification_reads: 'per account read marks across every organization the account sees',
  member_lookup_counters: 'per account rate counter of personal-data lookups',
  idempotency_keys: 'per account request keys, shared by every module',
  sms_outbox: 'messages to accounts and phone numbers, sent by one worker',
  phone_verifications: 'keyed by a phone number before any account or organization exists',
  login_attempts: 'security counters keyed by user name and address',
  login_lockouts: 'security counters keyed by user name',
  rate_limits: 'per address and per key request counters shared by all instances',
  instance_keys: 'the deployment’s own keys',
  audit_log:
    'one tamper-evident chain for the deployment; rows carry org_path, and logins have no organization',
  kysely_migration: 'schema version of the deployment',
  kysely_migration_lock: 'schema version lock of the deployment',
  work_calendar_years: 'the national working-day calendar',
  work_calendar_days: 'the national working-day calendar',
  service_request_categories: 'the platform’s catalogue of request categories',
  open311_service_attributes: 'attributes of the global request categories (Open311 service definitions)',
  service_request_rules: 'versioned rule numbers for every organization (rule version and source)',
  points_rule_sets: 'versioned rule sets per profile, not per organization',
  org_life_catalogues: 'versioned meeting catalogues per profile, not per organization',
  development_rules: 'versioned development rule numbers per place profile, not per organization',
  responsibility_list_kinds: 'the catalogue of responsibility list kinds',
};

export interface OrgOwnershipReport {
  /** Tables with neither an `org_id` column nor an entry in GLOBAL_TABLES. */
  unowned: string[];
  /** GLOBAL_TABLES entries that no longer exist or now have an `org_id` (stale list). */
  stale: string[];
  /** Tables whose `org_id` is not an integer. */
  mistyped: string[];
}

/** Checks every base table of the current schema against the rule above. */
export async function checkOrgOwnership(db: Db): Promise<OrgOwnershipReport> {
  const { rows } = await sql<{ tbl: string; orgType: string | null }>`
    select t.table_name as tbl,
           (select c.data_type from information_schema.columns c
             where c.table_schema = t.table_schema and c.table_name = t.table_name
               and c.column_name = 'org_id') as org_type
      from information_schema.tables t
     where t.table_schema = current_schema() and t.table_type = 'BASE TABLE'
     order by t.table_name`.execute(db);
  const tables = new Map(rows.map((r) => [r.tbl, r.orgType]));
  return {
    unowned: rows.filter((r) => r.orgType === null && !(r.tbl in GLOBAL_TABLES)).map((r) => r.tbl),
    stale: Object.keys(GLOBAL_TABLES).filter((t) => !tables.has(t) || tables.get(t) !== null),
    mistyped: rows.filter((r) => r.orgType !== null && r.orgType !== 'integer').map((r) => r.tbl),
  };
}
