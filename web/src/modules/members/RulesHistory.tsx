import { Alert, Drawer, Empty, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorText } from '../../shared/errors.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';
import { RulesValue } from './RulesValue.tsx';
import { type RuleKeyValue, type RuleVersion, rulesApi } from './rulesApi.ts';

/** Every version of one rule on the organization's path: this place's, its ancestors', the default. */
export function RulesHistory({
  orgId,
  ruleKey,
  onClose,
}: {
  orgId: number;
  ruleKey: RuleKeyValue | null;
  onClose: () => void;
}) {
  const t = useT();
  const [rows, setRows] = useState<RuleVersion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!ruleKey) return;
    setRows(null);
    setError(null);
    rulesApi.history({ params: { id: orgId }, query: { key: ruleKey } }).then(
      (r) => setRows(r.data),
      (e) => setError(errorText(e)),
    );
  }, [orgId, ruleKey]);
  const color = (r: RuleVersion) =>
    r.inEffect ? 'red' : r.replaced ? 'gray' : r.scheduled ? 'blue' : 'gray';
  return (
    <Drawer
      open={ruleKey !== null}
      onClose={onClose}
      size={Math.min(560, window.innerWidth)}
      title={ruleKey ? t('members.rules.history.title', { rule: t(`members.rules.key.${ruleKey}`) }) : ''}
    >
      {error && <Alert type="error" message={error} />}
      {!rows && !error && <Spin />}
      {rows && rows.length === 0 && <Empty description={t('members.rules.history.empty')} />}
      {rows && rows.length > 0 && (
        <Timeline
          data-testid="rule-history"
          items={rows.map((r) => ({
            key: r.id,
            color: color(r),
            children: (
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Space size={[6, 4]} wrap>
                  <Typography.Text strong>{r.org?.name ?? t('members.rules.from.default')}</Typography.Text>
                  <span>{t('members.rules.versionNo', { version: r.version })}</span>
                  <Typography.Text type="secondary">
                    {t('members.rules.field.effectiveFrom')} {r.effectiveFrom}
                  </Typography.Text>
                  {r.inEffect && <Tag color="red">{t('members.rules.tag.inEffect')}</Tag>}
                  {r.scheduled && !r.replaced && <Tag color="blue">{t('members.rules.tag.scheduled')}</Tag>}
                  {r.replaced && <Tag>{t('members.rules.tag.replaced')}</Tag>}
                </Space>
                <RulesValue ruleKey={r.key} value={r.value} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('members.rules.history.source', { source: r.source })} ·{' '}
                  {t('members.rules.history.recordedAt', { at: formatDateTime(r.recordedAt) })}
                </Typography.Text>
              </Space>
            ),
          }))}
        />
      )}
    </Drawer>
  );
}
