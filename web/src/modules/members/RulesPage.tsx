import { EditOutlined, HistoryOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Space, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { RulesForm } from './RulesForm.tsx';
import { RulesHistory } from './RulesHistory.tsx';
import { RulesValue } from './RulesValue.tsx';
import { type EffectiveRule, type MemberRules, type RuleKeyValue, rulesApi } from './rulesApi.ts';

/**
 * `/member-rules?orgId=`: the member rules an organization follows (own, inherited or the
 * built-in default), their history, and new versions for those who may add them.
 */
export default function RulesPage() {
  const t = useT();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const orgId = Number(params.get('orgId')) || me?.scopes[0]?.id || me?.user.homeOrgId;
  const [data, setData] = useState<MemberRules | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [history, setHistory] = useState<RuleKeyValue | null>(null);
  const [editing, setEditing] = useState<EffectiveRule | null>(null);

  const load = useCallback(async () => {
    if (!orgId) return;
    setError(null);
    try {
      setData((await rulesApi.get({ params: { id: orgId } })).data);
    } catch (e) {
      setData(null);
      setError(errorText(e));
    }
  }, [orgId]);
  useEffect(() => {
    void load();
  }, [load]);

  const fromTag = (rule: EffectiveRule) =>
    rule.own ? (
      <Tag color="red">{t('members.rules.from.own')}</Tag>
    ) : rule.from ? (
      <Tag color="blue">{t('members.rules.from.inherited', { org: rule.from.name })}</Tag>
    ) : (
      <Tag>{t('members.rules.from.default')}</Tag>
    );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Text strong style={{ whiteSpace: 'normal' }}>
            {t('members.rules.title', { org: data?.org.name ?? '' })}
          </Typography.Text>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('members.rules.intro')}
        </Typography.Paragraph>
        {data && !data.canManage && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0, marginTop: 8 }}>
            {t('members.rules.readOnly')}
          </Typography.Paragraph>
        )}
        <div style={{ marginTop: 12, maxWidth: 320 }}>
          <OrgPicker
            placeholder={t('members.rules.switchOrg')}
            value={undefined}
            onChange={(id) => id && setParams({ orgId: String(id) })}
          />
        </div>
      </Card>
      {error && <Alert type="error" message={error} />}
      {!data && !error && <Spin />}
      {data?.rules.map((rule) => (
        <Card
          key={rule.key}
          data-testid={`rule-${rule.key}`}
          title={
            <Space size={[8, 4]} wrap>
              <span>{t(`members.rules.key.${rule.key}`)}</span>
              {fromTag(rule)}
            </Space>
          }
          extra={
            <Space size={4} wrap>
              <Button size="small" icon={<HistoryOutlined />} onClick={() => setHistory(rule.key)}>
                {t('members.rules.history')}
              </Button>
              {data.canManage && (
                <Button
                  size="small"
                  type="primary"
                  icon={<EditOutlined />}
                  onClick={() => setEditing(rule)}
                  data-testid={`rule-add-${rule.key}`}
                >
                  {t('members.rules.addVersion')}
                </Button>
              )}
            </Space>
          }
        >
          <Descriptions size="small" column={{ xs: 1, sm: 1, md: 3 }}>
            <Descriptions.Item label={t('members.rules.field.value')} span={{ xs: 1, sm: 1, md: 3 }}>
              <RulesValue ruleKey={rule.key} value={rule.value} />
            </Descriptions.Item>
            <Descriptions.Item label={t('members.rules.field.version')}>
              {t('members.rules.versionNo', { version: rule.version })}
            </Descriptions.Item>
            <Descriptions.Item label={t('members.rules.field.effectiveFrom')}>
              {rule.effectiveFrom}
            </Descriptions.Item>
            <Descriptions.Item label={t('members.rules.field.from')}>
              {rule.own ? data.org.name : (rule.from?.name ?? t('members.rules.from.default'))}
            </Descriptions.Item>
            <Descriptions.Item label={t('members.rules.field.source')} span={{ xs: 1, sm: 1, md: 3 }}>
              {rule.source}
            </Descriptions.Item>
          </Descriptions>
          {rule.upcoming.map((u) => (
            <Alert
              key={u.id}
              type="info"
              showIcon
              style={{ marginTop: 8 }}
              message={
                u.value === null
                  ? t('members.rules.upcoming.inherit', { date: u.effectiveFrom, org: u.org?.name ?? '' })
                  : t('members.rules.upcoming', {
                      date: u.effectiveFrom,
                      org: u.org?.name ?? t('members.rules.from.default'),
                      version: u.version,
                    })
              }
              description={u.value === null ? undefined : <RulesValue ruleKey={u.key} value={u.value} />}
            />
          ))}
        </Card>
      ))}
      {orgId && <RulesHistory orgId={orgId} ruleKey={history} onClose={() => setHistory(null)} />}
      {data && (
        <RulesForm
          orgId={data.org.id}
          orgName={data.org.name}
          today={data.today}
          rule={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void load();
          }}
        />
      )}
    </Space>
  );
}
