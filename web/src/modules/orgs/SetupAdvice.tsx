import { Alert, Space, Typography } from 'antd';
import { memberRulesEndpoints } from '../../../../server/src/modules/members/rules.contract.ts';
import { createClient } from '../../shared/client.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { useRecord } from '../../shared/useRecord.tsx';

const setupApi = createClient(memberRulesEndpoints);

/**
 * Organization setup advice (orgs.setup) for a branch or general branch, from its members: what
 * the rule of the place says, in words, with the rule's source in words. Advice, not a block.
 * Shown to whoever reads the organization's members (the server answers 404 to anyone else).
 */
export function SetupAdvice({ orgId, version }: { orgId: number; version: number }) {
  const { t, locale } = useI18n();
  // version is the reload trigger (the organization's members changed).
  const { record: advice } = useRecord(
    (signal) => setupApi.setupAdvice({ params: { id: orgId }, signal }).then((r) => r.data),
    [orgId, version],
  );
  if (!advice || advice.items.length === 0) return null;
  const { counts, rule } = advice;
  const vars = {
    full: counts.full,
    all: counts.all,
    branchMinFull: rule.value.branchMinFull,
    committeeMinFull: rule.value.committeeMinFull,
    branchMax: rule.value.branchMax,
    generalBranchAbove: rule.value.generalBranchAbove,
  };
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="setup-advice">
      {advice.items.map((a) => (
        <Alert
          key={a.code}
          type={a.level}
          showIcon
          message={locale === 'zh-CN' ? a.text : t(`orgs.setup.${a.code}`, vars)}
        />
      ))}
      <Typography.Text type="secondary">
        {t('orgs.setup.source', { source: rule.source, version: rule.version, from: rule.effectiveFrom })}
      </Typography.Text>
    </Space>
  );
}
