import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, List, Select, Space, Switch, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { downloadUrl } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';
import { type Proposal, proposalsApi, STATUS_COLORS } from './api.ts';

const STATUSES = [
  'proposal',
  'deliberation',
  'decision',
  'execution',
  'supervision',
  'closed',
  'declined',
] as const;

/** `/proposals`: one list for residents (own + public of their community) and officials (subtree); phone-width first. */
export default function ProposalListPage() {
  const t = useT();
  const navigate = useNavigate();
  const { can } = useSession();
  const [status, setStatus] = useState<string | undefined>();
  const [mine, setMine] = useState(false);
  const [rows, setRows] = useState<Proposal[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setLoading(true);
    proposalsApi
      .list({ status, mine, page, pageSize: 20 })
      .then((res) => {
        setRows(res.data);
        setTotal(res.page.total);
        setError(null);
      })
      .catch((e) => setError(errorText(e)))
      .finally(() => setLoading(false));
  }, [status, mine, page]);

  const canSubmit = can(['proposals.participate', 'proposals.enter']);
  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 880 }} size="middle">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('proposals.title')}
        </Typography.Title>
        {canSubmit && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => navigate('/proposals/new')}
            data-testid="new-proposal"
          >
            {can('proposals.participate') ? t('proposals.new') : t('proposals.newDesk')}
          </Button>
        )}
      </Space>
      <Typography.Text type="secondary">{t('proposals.intro')}</Typography.Text>
      <Space wrap>
        <Select
          allowClear
          placeholder={t('proposals.all')}
          style={{ width: 140 }}
          value={status}
          onChange={(v) => {
            setPage(1);
            setStatus(v);
          }}
          options={STATUSES.map((s) => ({ value: s, label: t(`proposals.status.${s}`) }))}
        />
        <Space>
          <Switch checked={mine} onChange={setMine} size="small" aria-label={t('proposals.mine')} />
          {t('proposals.mine')}
        </Space>
        {can('proposals.read') && (
          <Button
            icon={<DownloadOutlined />}
            href={downloadUrl('/proposals/ledger.xlsx')}
            data-testid="proposals-ledger"
          >
            {t('proposals.ledger')}
          </Button>
        )}
      </Space>
      {error && <Alert type="error" message={error} />}
      <List
        loading={loading}
        locale={{ emptyText: t('proposals.empty') }}
        dataSource={rows}
        pagination={
          total > 20 ? { current: page, total, pageSize: 20, onChange: setPage, size: 'small' } : false
        }
        renderItem={(p) => (
          <List.Item className="jc-card-item">
            <Card size="small" style={{ marginBottom: 8 }} data-testid={`proposal-${p.id}`}>
              <Space direction="vertical" style={{ width: '100%' }} size={4}>
                <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                  <Link to={`/proposals/${p.id}`}>
                    <Typography.Text strong>{p.title}</Typography.Text>
                  </Link>
                  <Tag color={STATUS_COLORS[p.status]}>{t(`proposals.status.${p.status}`)}</Tag>
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {p.orgName} · {t(`proposals.category.${p.category}`)} · {p.proposer} ·{' '}
                  {formatDateTime(p.createdAt)}
                </Typography.Text>
                {p.supportThreshold !== null && (
                  <Typography.Text style={{ fontSize: 12 }}>
                    {t('proposals.supportCount', { count: p.supportCount, threshold: p.supportThreshold })}
                  </Typography.Text>
                )}
              </Space>
            </Card>
          </List.Item>
        )}
      />
    </Space>
  );
}
