import { Card, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../shared/api.ts';
import { useT } from '../../shared/i18n.tsx';

interface Digest {
  orgId: number;
  orgName: string;
  overdue: number;
  dueSoon: number;
  items: { type: string; typeName: string; status: string; reason: string }[];
}

/** Home card: one digest per secretary (overdue and due-soon obligations) instead of a flood of reminders. */
export default function DigestCard() {
  const t = useT();
  const [data, setData] = useState<Digest[]>([]);
  useEffect(() => {
    api
      .get<{ data: Digest[] }>('/org-life/digest')
      .then((r) => setData(r.data))
      .catch(() => setData([]));
  }, []);
  return (
    <Card title={t('org-life.calendar')} data-testid="org-life-digest">
      <List
        dataSource={data}
        renderItem={(d) => (
          <List.Item>
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              <Space wrap>
                <Link to={`/org-life?orgId=${d.orgId}`}>{d.orgName}</Link>
                {d.overdue > 0 && <Tag color="red">{`${t('org-life.status.overdue')} ${d.overdue}`}</Tag>}
                {d.dueSoon > 0 && <Tag color="orange">{`${t('org-life.status.due_soon')} ${d.dueSoon}`}</Tag>}
                {d.overdue + d.dueSoon === 0 && <Tag color="green">{t('org-life.status.on_time')}</Tag>}
              </Space>
              {d.items.slice(0, 3).map((i) => (
                <Typography.Text
                  key={`${i.type}-${i.reason}`}
                  type={i.status === 'overdue' ? 'danger' : 'warning'}
                  style={{ fontSize: 12 }}
                >
                  {i.reason.split('；')[0]}
                </Typography.Text>
              ))}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
