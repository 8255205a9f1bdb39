import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api, downloadUrl } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { useOrgChoices } from '../org-life/BranchPage.tsx';

interface Ranking {
  year: number;
  ranking: { rank: number; memberId: number; name: string; orgName: string; total: number }[];
  yearTotals: { year: number; total: number; entries: number }[];
}

/** `/points/ranking`: a secretary's ranking of members by yearly points, yearly totals and CSV export. */
export default function RankingPage() {
  const t = useT();
  const choices = useOrgChoices();
  const [orgId, setOrgId] = useState<number | undefined>(choices[0]?.value);
  const [year, setYear] = useState(dayjs().year());
  const [data, setData] = useState<Ranking | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!orgId) return;
    api
      .get<{ data: Ranking }>(`/orgs/${orgId}/points/ranking`, { year, limit: 500 })
      .then((r) => {
        setData(r.data);
        setError(null);
      })
      .catch((e) => setError(errorText(e)));
  }, [orgId, year]);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="jc-page-header">
          <div>
            <Typography.Title level={3}>{t('points.ranking')}</Typography.Title>
            <Typography.Text type="secondary">{t('points.ranking.intro')}</Typography.Text>
          </div>
          <Space wrap>
            {choices.length > 1 && (
              <Select
                style={{ minWidth: 200 }}
                value={orgId}
                options={choices}
                onChange={setOrgId}
                aria-label={t('points.org')}
              />
            )}
            <Select
              value={year}
              onChange={setYear}
              aria-label={t('points.year')}
              options={[0, 1, 2].map((d) => ({ value: dayjs().year() - d, label: `${dayjs().year() - d}` }))}
            />
            {orgId && (
              <Button
                icon={<DownloadOutlined />}
                href={downloadUrl(`/orgs/${orgId}/points/ranking.csv`, { year })}
              >
                {t('points.export')}
              </Button>
            )}
          </Space>
        </div>
        {error && <Alert type="error" showIcon title={error} />}
        {data && (
          <Typography.Text type="secondary">
            {t('points.yearTotalsLine', {
              list:
                data.yearTotals
                  .map((y) => t('points.yearTotal', { year: y.year, total: y.total }))
                  .join(t('points.listSeparator')) || '—',
            })}
          </Typography.Text>
        )}
      </Card>
      <Card>
        <Table
          rowKey="memberId"
          size="small"
          dataSource={data?.ranking ?? []}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          columns={[
            { title: '#', dataIndex: 'rank', width: 60 },
            { title: t('points.name'), dataIndex: 'name' },
            { title: t('points.org'), dataIndex: 'orgName' },
            { title: t('points.points'), dataIndex: 'total', align: 'right' },
          ]}
        />
      </Card>
    </Space>
  );
}
