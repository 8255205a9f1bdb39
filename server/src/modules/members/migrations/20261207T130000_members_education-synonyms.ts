import { type Kysely, sql } from 'kysely';

/**
 * Everyday names of education levels as offices write them in rosters (大专, 中专, 初中及以下 …),
 * a place-profile rule (L) read by the member import: each maps to one of the listed levels.
 * Places add or change their own names with a new version for their organization.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    insert into rule_settings (key, org_id, version, effective_from, source, value) values
      ('members.education_synonyms', null, 1, '2019-01-01',
       '学历的常用写法（各地花名册用语不一，本地可配置，L）；对应党内统计的学历分类',
       ${JSON.stringify([
         { label: '博士研究生', education: 'postgraduate' },
         { label: '硕士研究生', education: 'postgraduate' },
         { label: '博士', education: 'postgraduate' },
         { label: '硕士', education: 'postgraduate' },
         { label: '研究生及以上', education: 'postgraduate' },
         { label: '本科', education: 'bachelor' },
         { label: '大学', education: 'bachelor' },
         { label: '大专', education: 'college' },
         { label: '专科', education: 'college' },
         { label: '高职', education: 'college' },
         { label: '高中', education: 'high_school' },
         { label: '中专', education: 'high_school' },
         { label: '中技', education: 'high_school' },
         { label: '技校', education: 'high_school' },
         { label: '职高', education: 'high_school' },
         { label: '初中及以下', education: 'middle_school' },
         { label: '小学', education: 'primary' },
         { label: '文盲', education: 'primary' },
       ])}::jsonb)
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from rule_settings where key = 'members.education_synonyms'`.execute(db);
}
