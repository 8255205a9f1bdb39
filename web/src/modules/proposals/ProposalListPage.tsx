import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Switch, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { downloadUrl } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { useList } from '../../shared/useList.ts';
import { type Proposal, type ProposalStatus, proposalsApi, STATUS_COLORS } from './api.ts';

const STATUSES: readonly ProposalStatus[] = [
  'proposal',
  'deliberation',
  'decision',
  'execution',
  'supervision',
  'closed',
  'declined',
];

interface Filters {
  status?: ProposalStatus;
  mine?: boolean;
}

/** `/proposals`: one list for residents (own + public of their community) and officials (subtree); phone-width first. */
export default function ProposalListPage() {
  const t = useT();
  const navigate = useNavigate();
  const { can } = useSession();
  const list = useList<Proposal, Filters>(({ filters, page, pageSize }, signal) =>
    proposalsApi.list({
      query: { status: filters.status, mine: filters.mine ? 'true' : undefined, page, pageSize },
      signal,
    }),
  );
  const setFilter = (change: Filters) => list.setFilters({ ...list.filters, ...change });
  const support = (p: Proposal) =>
    p.supportThreshold === null
      ? '—'
      : t('proposals.supportCount', { count: p.supportCount, threshold: p.supportThreshold });
  const status = (p: Proposal) => (
    <Tag color={STATUS_COLORS[p.status]}>{t(`proposals.status.${p.status}`)}</Tag>
  );

  const columns: ColumnsType<Proposal> = [
    {
      title: t('proposals.form.title'),
      key: 'title',
      render: (_, p) => <Link to={`/proposals/${p.id}`}>{p.title}</Link>,
    },
    { title: t('proposals.list.status'), key: 'status', render: (_, p) => status(p) },
    { title: t('proposals.list.org'), dataIndex: 'orgName' },
    {
      title: t('proposals.list.category'),
      key: 'category',
      render: (_, p) => t(`proposals.category.${p.category}`),
    },
    { title: t('proposals.list.proposer'), dataIndex: 'proposer' },
    { title: t('proposals.list.support'), key: 'support', render: (_, p) => support(p) },
    {
      title: t('proposals.list.createdAt'),
      key: 'createdAt',
      render: (_, p) => formatDateTime(p.createdAt),
    },
  ];

  const canSubmit = can(['proposals.participate', 'proposals.enter']);
  return (
    <ListPage<Proposal, Filters>
      title={t('proposals.title')}
      intro={t('proposals.intro')}
      actions={
        <Space wrap>
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
      }
      filters={
        <Space wrap>
          <Select
            allowClear
            aria-label={t('proposals.list.status')}
            placeholder={t('proposals.all')}
            style={{ width: 140 }}
            value={list.filters.status}
            onChange={(v) => setFilter({ status: v })}
            options={STATUSES.map((s) => ({ value: s, label: t(`proposals.status.${s}`) }))}
          />
          <Space>
            <Switch
              checked={Boolean(list.filters.mine)}
              onChange={(mine) => setFilter({ mine })}
              size="small"
              aria-label={t('proposals.mine')}
            />
            {t('proposals.mine')}
          </Space>
        </Space>
      }
      list={list}
      columns={columns}
      rowKey={(p) => p.id}
      rowTestId={(p) => `proposal-${p.id}`}
      emptyText={t('proposals.empty')}
      renderCard={(p) => (
        <Card size="small" className="jc-list-card">
          <Space direction="vertical" style={{ width: '100%' }} size={4}>
            <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
              <Link to={`/proposals/${p.id}`}>
                <Typography.Text strong>{p.title}</Typography.Text>
              </Link>
              {status(p)}
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {p.orgName} · {t(`proposals.category.${p.category}`)} · {p.proposer} ·{' '}
              {formatDateTime(p.createdAt)}
            </Typography.Text>
            {p.supportThreshold !== null && (
              <Typography.Text style={{ fontSize: 12 }}>{support(p)}</Typography.Text>
            )}
          </Space>
        </Card>
      )}
    />
  );
}
