import { Space, Tag, Typography } from 'antd';
import { useT } from '../../shared/i18n.tsx';
import type { CategoryItem, PartyBirthdayValue, RuleKeyValue } from './rulesApi.ts';

/** One rule value as an official reads it (`null`: back to the inherited rule). */
export function RulesValue({ ruleKey, value }: { ruleKey: RuleKeyValue; value: unknown }) {
  const t = useT();
  if (value === null)
    return <Typography.Text type="secondary">{t('members.rules.value.inherit')}</Typography.Text>;
  switch (ruleKey) {
    case 'members.categories': {
      const items = value as CategoryItem[];
      return (
        <Space size={[4, 4]} wrap>
          <Typography.Text type="secondary">
            {t('members.rules.value.categories', { n: items.length })}
          </Typography.Text>
          {items.map((c) => (
            <Tag key={c.code} title={c.code} style={{ marginInlineEnd: 0 }}>
              {c.label}
            </Tag>
          ))}
        </Space>
      );
    }
    case 'members.party_birthday': {
      const v = value as PartyBirthdayValue;
      return (
        <span>
          {t('members.rules.value.birthday', {
            basis: t(`members.rules.value.basis.${v.basis}`),
            window: t('members.rules.value.window', { days: v.windowDays }),
          })}
        </span>
      );
    }
    case 'members.transfer_letter':
      return (
        <span>
          {t('members.rules.value.validDays', { days: (value as { validDays: number }).validDays })}
        </span>
      );
    case 'new_orgs.own_org_threshold':
      return (
        <span>
          {t('members.rules.value.threshold', { n: (value as { minFullMembers: number }).minFullMembers })}
        </span>
      );
    case 'members.join_age':
      return <span>{t('members.rules.value.joinAge', { n: (value as { minAge: number }).minAge })}</span>;
    case 'members.probation':
      return <span>{t('members.rules.value.probation', { n: (value as { months: number }).months })}</span>;
    case 'orgs.setup':
      return <span>{t('members.rules.value.setup', value as Record<string, number>)}</span>;
    case 'members.education_synonyms': {
      const items = value as { label: string; education: string }[];
      return (
        <Space size={[4, 4]} wrap>
          <Typography.Text type="secondary">
            {t('members.rules.value.synonyms', { n: items.length })}
          </Typography.Text>
          {items.map((s) => (
            <Tag key={s.label} style={{ marginInlineEnd: 0 }}>
              {s.label} → {t(`members.education.${s.education}`)}
            </Tag>
          ))}
        </Space>
      );
    }
  }
}
