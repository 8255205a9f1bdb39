import { Alert, Card, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { duesEndpoints, type mineResponse } from '../../../../server/src/modules/dues/dues.contract.ts';
import { createClient } from '../../shared/client.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';

const duesApi = createClient(duesEndpoints);
type Mine = z.output<typeof mineResponse>['data'];

export const MONTH_COLORS: Record<string, string> = {
  on_time: 'green',
  advance: 'blue',
  late: 'orange',
  unpaid: 'red',
  not_yet: 'default',
};

/** `/my-dues`: a member's own base, this year's months and what is unpaid; phone width first. */
export default function MyDuesPage() {
  const t = useT();
  const [data, setData] = useState<Mine | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    duesApi
      .mine()
      .then((r) => setData(r.data))
      .catch((e) => setError(errorText(e)));
  }, []);
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%', maxWidth: 640 }}>
      <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
        {t('dues.mine.title')}
      </Typography.Title>
      {error && <Alert type="error" showIcon title={error} />}
      {data?.length === 0 && <Alert type="info" showIcon title={t('dues.mine.none')} />}
      {data?.map((m) => (
        <Space key={m.memberId} orientation="vertical" size={12} style={{ width: '100%' }}>
          <Card data-testid="my-dues-summary">
            <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
              {m.name} · {m.orgName}
            </Typography.Title>
            <Typography.Paragraph style={{ marginBottom: 4 }}>
              {m.declaration
                ? `${t(`dues.category.${m.declaration.category}`)} · ${t('dues.mine.base', {
                    base: m.declaration.base.toFixed(2),
                    monthly: m.declaration.monthly.toFixed(2),
                  })}`
                : t('dues.mine.noBase')}
            </Typography.Paragraph>
            {m.monthsUnpaid > 0 ? (
              <Alert type="warning" showIcon title={t('dues.mine.unpaid', { n: m.monthsUnpaid })} />
            ) : (
              <Tag color="green">{t('dues.mine.allPaid')}</Tag>
            )}
            {m.rule && (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
                {t('dues.calc.rule', { source: m.rule.source, version: m.rule.version })}
              </Typography.Paragraph>
            )}
          </Card>
          <Card title={t('dues.tab.ledger')} styles={{ body: { padding: '0 16px' } }}>
            <List
              dataSource={m.months}
              renderItem={(x) => (
                <List.Item
                  extra={
                    <Tag color={MONTH_COLORS[x.status]} data-testid={`my-dues-${x.month}`}>
                      {t(`dues.status.${x.status}`)}
                    </Tag>
                  }
                >
                  <List.Item.Meta
                    title={x.month}
                    description={[
                      x.due !== null ? `${x.due.toFixed(2)} 元` : null,
                      x.paidOn,
                      x.channel ? t(`dues.channel.${x.channel}`) : null,
                      x.receiptNo,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
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
