import { Alert, Card, List, Select, Space, Statistic, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';

interface Mine {
  memberId: number;
  name: string;
  orgName: string;
  year: number;
  total: number;
  rank: number | null;
  rankOf: number;
  entries: {
    id: number;
    ruleCode: string;
    points: number;
    reason: string | null;
    subject: string | null;
    forDate: string | null;
    at: string;
    reversesId: number | null;
    reversed: boolean;
  }[];
}

/** `/points/me`: a member's own points, rank in the branch and history; phone width first. */
export default function MyPointsPage() {
  const t = useT();
  const [year, setYear] = useState(dayjs().year());
  const [data, setData] = useState<Mine[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .get<{ data: Mine[] }>('/points/me', { year })
      .then((r) => setData(r.data))
      .catch((e) => setError(errorText(e)));
  }, [year]);
  if (error) return <Alert type="error" showIcon title={error} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%', maxWidth: 640 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('points.mine')}
        </Typography.Title>
        <Select
          value={year}
          onChange={setYear}
          aria-label={t('points.year')}
          options={[0, 1, 2].map((d) => ({ value: dayjs().year() - d, label: `${dayjs().year() - d}` }))}
        />
      </Space>
      {data?.length === 0 && <Alert type="info" showIcon title={t('points.none')} />}
      {data?.map((m) => (
        <Space key={m.memberId} orientation="vertical" size={12} style={{ width: '100%' }}>
          <Card>
            <Statistic
              title={`${m.name} · ${m.orgName}`}
              value={m.total}
              suffix={t('points.points')}
              data-testid="my-points-total"
            />
            <Typography.Text type="secondary">
              {m.rank ? t('points.rank', { rank: m.rank, of: m.rankOf }) : t('points.noRank')}
            </Typography.Text>
          </Card>
          <Card title={t('points.history')} styles={{ body: { padding: '0 16px' } }}>
            <List
              dataSource={m.entries}
              renderItem={(e) => (
                <List.Item
                  extra={
                    <Typography.Text strong type={e.points < 0 ? 'danger' : 'success'}>
                      {e.points > 0 ? `+${e.points}` : e.points}
                    </Typography.Text>
                  }
                >
                  <List.Item.Meta
                    title={
                      <Space size={4} wrap data-testid="points-entry-title">
                        {e.subject ?? t(`points.rule.${e.ruleCode}`)}
                        {e.reversed && <Tag>{t('points.reversed')}</Tag>}
                        {e.reversesId && <Tag color="orange">{t('points.reversal')}</Tag>}
                      </Space>
                    }
                    description={
                      <Space orientation="vertical" size={0}>
                        <span data-testid="points-entry-for">
                          {[
                            e.forDate,
                            t(`points.rule.${e.ruleCode}`),
                            e.reason !== e.subject ? e.reason : null,
                          ]
                            .filter(Boolean)
                            .join(' · ')}
                        </span>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('points.writtenAt', { at: formatDateTime(e.at) })}
                        </Typography.Text>
                      </Space>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        </Space>
      ))}
    </Space>
  );
}
