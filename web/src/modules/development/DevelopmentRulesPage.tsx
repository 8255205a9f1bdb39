import { Button, Card, DatePicker, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import type dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { z } from 'zod';
import {
  type developmentRulesResponse,
  RULE_KEYS,
} from '../../../../server/src/modules/development/development.contract.ts';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { type FormValues, useFormDialog } from '../../shared/useFormDialog.tsx';
import { usePageOrg } from '../../shared/usePageOrg.ts';

type Rules = z.output<typeof developmentRulesResponse>['data'];

/**
 * `/development/rules`: the time rules in force for the caller's place (each in words with its
 * source), every version, the 25 steps; the district adds a version for a place profile from a date.
 */
export default function DevelopmentRulesPage() {
  const t = useT();
  const { me } = useSession();
  const { orgId } = usePageOrg(me?.roles ?? []);
  const [data, setData] = useState<Rules | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    api
      .get<{ data: Rules }>('/development-rules', orgId ? { orgId } : undefined)
      .then((r) => setData(r.data))
      .catch(setError);
  }, [orgId]);
  useEffect(load, [load]);
  const profileName = (p: string) => (p === 'default' ? t('development.rules.defaultProfile') : p);
  const form = useFormDialog({
    okText: t('development.rules.save'),
    doneText: t('development.rules.saved'),
    after: load,
  });

  const addVersion = () => {
    if (!data) return;
    const current = Object.fromEntries(data.rules.map((r) => [r.key, r.value]));
    form.open({
      title: t('development.rules.add'),
      initialValues: { profile: data.profile, ...current },
      fields: [
        { name: 'profile', label: t('development.rules.profile'), required: true, input: <Input /> },
        { name: 'version', label: t('development.rules.version'), required: true, input: <Input /> },
        {
          name: 'effectiveFrom',
          label: t('development.rules.effectiveFrom'),
          required: true,
          input: <DatePicker style={{ width: '100%' }} />,
        },
        {
          name: 'source',
          label: t('development.rules.source'),
          required: true,
          input: <Input.TextArea rows={2} />,
        },
        ...RULE_KEYS.map((key) => ({
          name: key,
          label: t(`development.rule.${key}`),
          input: <InputNumber min={0} max={120} style={{ width: '100%' }} />,
        })),
      ],
      submit: (v: FormValues) =>
        api.post('/development-rules', {
          profile: v.profile,
          version: v.version,
          effectiveFrom: (v.effectiveFrom as dayjs.Dayjs).format('YYYY-MM-DD'),
          source: v.source,
          // only the numbers that change; the others are carried over by the server
          values: Object.fromEntries(
            RULE_KEYS.filter((k) => v[k] !== undefined && v[k] !== null && Number(v[k]) !== current[k]).map(
              (k) => [k, Number(v[k])],
            ),
          ),
        }),
    });
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="development-rules-page">
      <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
        {t('development.rules.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('development.rules.intro')} <Link to="/development">{t('development.rules.back')}</Link>
      </Typography.Paragraph>
      {error ? <Typography.Text type="danger">{errorText(error)}</Typography.Text> : null}
      {data && (
        <>
          <Card
            size="small"
            title={`${t('development.rules.inForce')} · ${data.version}（${t('development.rules.from')} ${data.effectiveFrom}）· ${t('development.rules.profile')} ${profileName(data.profile)}`}
            extra={
              data.abilities.addVersion ? (
                <Button type="primary" size="small" onClick={addVersion} data-testid="rules-add">
                  {t('development.rules.add')}
                </Button>
              ) : null
            }
          >
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              dataSource={data.rules}
              scroll={{ x: 640 }}
              columns={[
                {
                  title: t('development.rules.rule'),
                  dataIndex: 'key',
                  render: (k: string) => t(`development.rule.${k}`),
                },
                { title: t('development.rules.value'), dataIndex: 'value', width: 70 },
                {
                  title: t('development.rules.enforcement'),
                  dataIndex: 'enforcement',
                  width: 80,
                  render: (e: 'warn' | 'block') => (
                    <Tag color={e === 'block' ? 'red' : 'gold'}>{t(`development.rules.${e}`)}</Tag>
                  ),
                },
                {
                  title: t('development.rules.text'),
                  dataIndex: 'text',
                  render: (text: string) => (
                    <span style={{ display: 'inline-block', minWidth: 220 }}>{text}</span>
                  ),
                },
              ]}
            />
          </Card>
          <Card size="small" title={t('development.rules.versions')}>
            <Table
              size="small"
              pagination={false}
              rowKey="id"
              dataSource={data.versions}
              scroll={{ x: 640 }}
              columns={[
                { title: t('development.rules.profile'), dataIndex: 'profile', render: profileName },
                {
                  title: t('development.rules.version'),
                  dataIndex: 'version',
                  render: (v: string, r) => (
                    <Space size={4}>
                      {v}
                      {r.inForce && <Tag color="green">{t('development.rules.inForce')}</Tag>}
                    </Space>
                  ),
                },
                { title: t('development.rules.effectiveFrom'), dataIndex: 'effectiveFrom' },
                {
                  title: t('development.rules.source'),
                  dataIndex: 'source',
                  render: (text: string) => (
                    <span style={{ display: 'inline-block', minWidth: 200 }}>{text}</span>
                  ),
                },
              ]}
            />
          </Card>
          <Card size="small" title={t('development.rules.steps')}>
            <Table
              size="small"
              pagination={false}
              rowKey="no"
              dataSource={data.steps}
              scroll={{ x: 640 }}
              columns={[
                { title: '#', dataIndex: 'no', width: 48 },
                { title: t('development.rules.step'), dataIndex: 'title' },
                { title: t('development.rules.actor'), dataIndex: 'actor' },
                { title: t('development.rules.record'), dataIndex: 'record' },
              ]}
            />
          </Card>
        </>
      )}
      {form.dialog}
    </Space>
  );
}
