import { type Kysely, sql } from 'kysely';

/**
 * Built-in versions (org_id null) of three member rules that were constants or missing (issue 13).
 * Numbers are configuration: a place adds its own version on the member rules page.
 * - members.join_age: age at joining (domain-rules.md §1.1, V);
 * - members.probation: length of the probation (§1.3, V);
 * - orgs.setup: organization setup thresholds (§3.1: branch ≥ 3 full members V, committee from 7
 *   V, a branch over 50 should split V, a general branch above 50 S).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    insert into rule_settings (key, org_id, version, effective_from, source, value) values
      ('members.join_age', null, 1, '2014-06-10',
       '《中国共产党发展党员工作细则》第五条、党章第一条：年满十八岁（V）',
       '{"minAge":18}'),
      ('members.probation', null, 1, '2014-06-10',
       '党章第七条：预备期为一年，从支部大会通过为预备党员之日算起（V）',
       '{"months":12}'),
      ('orgs.setup', null, 1, '2018-10-28',
       '《中国共产党支部工作条例（试行）》第五、六条（正式党员 3 人以上成立党支部，一般不超过 50 人，V）、第十六条（正式党员 7 人以上设支部委员会，V）；党员 50 人以上可设总支（S）',
       '{"branchMinFull":3,"committeeMinFull":7,"branchMax":50,"generalBranchAbove":50}')
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from rule_settings where key in ('members.join_age', 'members.probation', 'orgs.setup')`.execute(
    db,
  );
}
