import { Alert, Card, DatePicker, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { orgLifeApi, STATUS_COLORS, type Supervision } from './api.ts';
import { useOrgChoices } from './BranchPage.tsx';

/** `/org-life/supervision`: branch × type for a month; every red cell says why; rows open the branch. */
export default function SupervisionPage() {
  const t = useT();
  const choices = useOrgChoices();
  const [params, setParams] = useSearchParams();
  const orgId = Number(params.get('orgId')) || choices[choices.length - 1]?.value;
  const period = params.get('period') ?? dayjs().format('YYYY-MM');
  const [data, setData] = useState<Supervision | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!orgId) return;
    setLoading(true);
    orgLifeApi
      .supervision(orgId, period)
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((e) => setError(errorText(e)))
      .finally(() => setLoading(false));
  }, [orgId, period]);

  if (!orgId) return <Alert type="info" showIcon title={t('org-life.noBranch')} />;
  const set = (k: string, v: string) => setParams({ orgId: String(orgId), period, [k]: v });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="jc-page-header">
          <div>
            <Typography.Title level={3}>{t('org-life.supervision')}</Typography.Title>
            <Typography.Text type="secondary">{t('org-life.supervision.intro')}</Typography.Text>
          </div>
          <Space wrap>
            {choices.length > 1 && (
              <Select
                style={{ minWidth: 200 }}
                value={orgId}
                options={choices}
                onChange={(v) => set('orgId', String(v))}
              />
            )}
            <DatePicker
              picker="month"
              value={dayjs(`${period}-01`)}
              onChange={(d) => d && set('period', d.format('YYYY-MM'))}
              allowClear={false}
            />
          </Space>
        </div>
        {error && <Alert type="error" showIcon title={error} />}
      </Card>
      <Card>
        <Table
          rowKey="orgId"
          size="small"
          loading={loading}
          dataSource={data?.rows ?? []}
          scroll={{ x: 900 }}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          data-testid="supervision-grid"
          columns={[
            { title: t('org-life.rank'), dataIndex: 'rank', width: 60, fixed: 'left' },
            {
              title: t('org-life.org'),
              dataIndex: 'orgName',
              fixed: 'left',
              width: 220,
              render: (v: string, r) => <Link to={`/org-life?orgId=${r.orgId}`}>{v}</Link>,
            },
            { title: t('org-life.rate'), dataIndex: 'rate', width: 80, render: (v: number) => `${v}%` },
            ...(data?.types ?? []).map((type) => ({
              title: type.name,
              key: type.code,
              width: 110,
              render: (_: unknown, r: Supervision['rows'][number]) => {
                const c = r.cells.find((x) => x.type === type.code);
                if (!c) return '—';
                return (
                  <Tooltip title={c.reason}>
                    <Tag
                      color={STATUS_COLORS[c.status]}
                      data-testid={`cell-${r.orgId}-${type.code}`}
                      data-status={c.status}
                    >
                      {t(`org-life.status.${c.status}`)}
                      {c.lastHeldAt ? ` ${c.lastHeldAt.slice(5)}` : ''}
                    </Tag>
                  </Tooltip>
                );
              },
            })),
          ]}
          expandable={{
            expandedRowRender: (r) => (
              <Space orientation="vertical" size={2}>
                {r.cells
                  .filter((c) => c.status !== 'ok')
                  .map((c) => (
                    <Typography.Text key={c.type} type={c.status === 'overdue' ? 'danger' : 'warning'}>
                      {c.reason}
                    </Typography.Text>
                  ))}
              </Space>
            ),
          }}
        />
      </Card>
    </Space>
  );
}
