import {
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Segmented,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import * as echarts from 'echarts';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { api, type Paged, withQuery } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { useIsPhone } from '../../shared/useIsPhone.ts';
import { useList } from '../../shared/useList.ts';
import { Open311RequestDetails } from '../open311/Open311RequestDetails.tsx';
import { type ServiceRequest, type ServiceRequestDetail, STATUS_COLORS, type Stats } from './api.ts';
import { RequestTimeline } from './RequestTimeline.tsx';

type Verb = 'resolve-on-spot' | 'transfer' | 'escalate' | 'complete' | 'promote';
const VERB_KEYS: Record<Verb, string> = {
  'resolve-on-spot': 'resolveOnSpot',
  transfer: 'transfer',
  escalate: 'escalate',
  complete: 'complete',
  promote: 'promote',
};

/** The official's desk: the queue of the caller's scope, each request's timeline and actions, figures. */
export default function RequestDeskPage() {
  const t = useT();
  const { can } = useSession();
  // The figures are for those who hold them (a grid worker handles, the levels above count).
  return (
    <Card title={t('service-requests.desk.title')}>
      <Tabs
        items={[
          { key: 'queue', label: t('service-requests.desk.queue'), children: <Queue /> },
          ...(can('service_requests.stats')
            ? [{ key: 'stats', label: t('service-requests.desk.stats'), children: <Figures /> }]
            : []),
        ]}
      />
    </Card>
  );
}

interface QueueFilters {
  status: string;
  overdue: boolean;
  q: string;
}

function Queue() {
  const t = useT();
  const { me } = useSession();
  const { message } = AntApp.useApp();
  const isPhone = useIsPhone();
  const [params] = useSearchParams();
  // A cockpit figure drills down here with the organization and the return-visit filter.
  const drill = {
    orgId: params.get('orgId') ?? undefined,
    rating: params.get('rating') ?? undefined,
    ratedIn: params.get('ratedIn') ?? undefined,
  };
  const drilled = drill.rating !== undefined;
  const [selected, setSelected] = useState<ServiceRequestDetail | null>(null);
  const [verb, setVerb] = useState<Verb | null>(null);
  const [form] = Form.useForm();
  const list = useList<ServiceRequest, QueueFilters>(
    ({ filters, page, pageSize }, signal) =>
      api.get<Paged<ServiceRequest>>(
        '/service-requests',
        {
          page,
          pageSize,
          status: filters.status === 'all' ? undefined : filters.status,
          overdue: filters.overdue ? 'true' : undefined,
          q: filters.q || undefined,
          ...drill,
        },
        { signal },
      ),
    { initialFilters: { status: drilled ? 'all' : 'open', overdue: false, q: '' } },
  );
  const { filters, setFilters } = list;
  const query = {
    status: filters.status === 'all' ? undefined : filters.status,
    overdue: filters.overdue ? 'true' : undefined,
    q: filters.q || undefined,
    ...drill,
  };

  const open = async (id: number) => {
    const { data } = await api.get<{ data: ServiceRequestDetail }>(`/service-requests/${id}`);
    setSelected(data);
  };

  const run = async () => {
    if (!selected || !verb) return;
    const values = verb === 'promote' ? {} : await form.validateFields();
    try {
      await api.post(`/service-requests/${selected.id}/${verb}`, values);
      message.success(t('service-requests.done'));
      setVerb(null);
      form.resetFields();
      await open(selected.id);
      list.reload();
    } catch (error) {
      message.error(errorText(error));
    }
  };

  const sweep = async () => {
    const root = me?.scopes[0];
    if (!root) return;
    try {
      const { data } = await api.post<{ data: { escalated: number } }>(
        `/orgs/${root.id}/service-requests/escalate-overdue`,
      );
      message.success(t('service-requests.desk.swept', { n: data.escalated }));
      list.reload();
    } catch (error) {
      message.error(errorText(error));
    }
  };

  return (
    <>
      <ListPage<ServiceRequest, QueueFilters>
        bare
        testId="sr-queue"
        list={list}
        rowKey={(r) => r.id}
        onRowClick={(r) => open(r.id).catch((e) => message.error(errorText(e)))}
        exportHref={withQuery('/api/v1/service-requests/ledger.xlsx', query)}
        exportLabel={t('service-requests.desk.ledger')}
        cardTitle={(r) => (
          <Space wrap size={4}>
            <Typography.Link>{r.title}</Typography.Link>
            <Tag color={STATUS_COLORS[r.status]}>{t(`service-requests.status.${r.status}`)}</Tag>
            {r.isOverdue ? <Tag color="red">{t('service-requests.overdue')}</Tag> : null}
          </Space>
        )}
        filters={
          <Space wrap>
            <Segmented
              value={filters.status}
              onChange={(v) => setFilters({ ...filters, status: String(v) })}
              options={[
                { value: 'open', label: t('service-requests.status.open') },
                { value: 'resolved', label: t('service-requests.status.resolved') },
                { value: 'closed', label: t('service-requests.status.closed') },
                { value: 'all', label: t('service-requests.desk.all') },
              ]}
            />
            <Button
              type={filters.overdue ? 'primary' : 'default'}
              danger={filters.overdue}
              onClick={() => setFilters({ ...filters, overdue: !filters.overdue })}
            >
              {t('service-requests.desk.overdueOnly')}
            </Button>
            <Input.Search
              allowClear
              onSearch={(q) => setFilters({ ...filters, q })}
              style={{ width: isPhone ? '100%' : 240 }}
              placeholder={t('service-requests.desk.search')}
              aria-label={t('service-requests.desk.search')}
              data-testid="sr-search"
            />
            <Button onClick={sweep}>{t('service-requests.action.sweep')}</Button>
            {drilled ? (
              <Tag color="blue">
                {t('service-requests.desk.ratingFilter')}：
                {t(`service-requests.ratingFilter.${drill.rating}`)}
              </Tag>
            ) : null}
          </Space>
        }
        columns={[
          { title: t('service-requests.field.code'), dataIndex: 'code', width: 130 },
          {
            title: t('service-requests.field.title'),
            dataIndex: 'title',
            // The 超期 tag wraps under the title rather than squeezing it to one character a line.
            render: (v: string, r) => (
              <Space wrap size={4}>
                <Typography.Link>{v}</Typography.Link>
                {r.isOverdue ? <Tag color="red">{t('service-requests.overdue')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('service-requests.field.category'), dataIndex: 'categoryName', width: 100 },
          { title: t('service-requests.field.org'), dataIndex: 'orgName' },
          {
            title: t('service-requests.field.handling'),
            dataIndex: 'handlingOrgName',
            render: (v: string, r) => `${t(`service-requests.level.${r.handlingLevel}`)} · ${v}`,
          },
          {
            title: t('service-requests.field.source'),
            dataIndex: 'source',
            width: 100,
            render: (v: string) => t(`service-requests.source.${v}`),
          },
          { title: t('service-requests.field.due'), dataIndex: 'dueOn', width: 110 },
          {
            title: t('service-requests.field.status'),
            dataIndex: 'status',
            width: 120,
            render: (v: ServiceRequest['status'], r) => (
              <Space size={4} wrap>
                <Tag color={STATUS_COLORS[v]}>{t(`service-requests.status.${v}`)}</Tag>
                {r.visit ? (
                  <Tag color={r.visit.solved && r.visit.rating !== 'unsatisfied' ? 'green' : 'orange'}>
                    {r.visit.solved
                      ? t(`service-requests.rating.${r.visit.rating}`)
                      : t('service-requests.rating.notSolved')}
                  </Tag>
                ) : null}
              </Space>
            ),
          },
          {
            title: t('service-requests.field.received'),
            dataIndex: 'receivedAt',
            render: (v: string) => formatDateTime(v),
          },
        ]}
      />
      <Drawer
        open={selected !== null}
        onClose={() => setSelected(null)}
        width={isPhone ? '100%' : 560}
        title={selected?.title}
        data-testid="sr-drawer"
      >
        {selected ? (
          <>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('service-requests.field.code')}>{selected.code}</Descriptions.Item>
              <Descriptions.Item label={t('service-requests.field.category')}>
                {selected.categoryName}
              </Descriptions.Item>
              <Descriptions.Item label={t('service-requests.field.description')}>
                {selected.description}
              </Descriptions.Item>
              <Descriptions.Item label={t('service-requests.field.location')}>
                {selected.location ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('service-requests.field.contactName')}>
                {selected.contactName ?? '—'} {selected.contactPhone ?? ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('service-requests.field.handling')}>
                {t(`service-requests.level.${selected.handlingLevel}`)} · {selected.handlingOrgName}
              </Descriptions.Item>
              <Descriptions.Item label={t('service-requests.field.due')}>
                {selected.dueOn}{' '}
                {selected.isOverdue ? <Tag color="red">{t('service-requests.overdue')}</Tag> : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('service-requests.field.status')}>
                <Tag color={STATUS_COLORS[selected.status]}>
                  {t(`service-requests.status.${selected.status}`)}
                </Tag>
              </Descriptions.Item>
              {selected.visit ? (
                <Descriptions.Item label={t('service-requests.mine.ratingTitle')}>
                  {selected.visit.solved
                    ? t(`service-requests.rating.${selected.visit.rating}`)
                    : t('service-requests.rating.notSolved')}
                  {selected.visit.comment ? `（${selected.visit.comment}）` : ''}
                </Descriptions.Item>
              ) : null}
              {selected.proposalId ? (
                <Descriptions.Item label={t('service-requests.event.promoted')}>
                  <Link to={`/proposals/${selected.proposalId}`} data-testid="sr-proposal-link">
                    {t('service-requests.proposalLink', { id: selected.proposalId })}
                  </Link>
                </Descriptions.Item>
              ) : null}
            </Descriptions>
            {selected.source === 'hotline' ? <Open311RequestDetails requestId={selected.id} /> : null}
            {selected.hasPhoto ? (
              <img
                alt=""
                src={`/api/v1/service-requests/${selected.id}/photo`}
                style={{ display: 'block', maxWidth: '100%', marginTop: 12 }}
              />
            ) : null}
            <Space wrap style={{ margin: '16px 0' }} data-testid="sr-actions">
              {(Object.keys(VERB_KEYS) as Verb[])
                .filter((v) => selected.abilities[VERB_KEYS[v] as keyof ServiceRequestDetail['abilities']])
                .map((v) => (
                  <Button
                    key={v}
                    data-testid={`sr-${v}`}
                    type={v === 'complete' ? 'primary' : 'default'}
                    size={isPhone ? 'large' : 'middle'}
                    onClick={() => setVerb(v)}
                  >
                    {t(`service-requests.action.${VERB_KEYS[v]}`)}
                  </Button>
                ))}
            </Space>
            <div style={{ marginTop: 16 }}>
              <RequestTimeline events={selected.events} />
            </div>
          </>
        ) : null}
      </Drawer>
      <Modal
        open={verb !== null}
        onCancel={() => setVerb(null)}
        onOk={run}
        okButtonProps={{ id: 'sr-action-ok' }}
        title={verb ? t(`service-requests.action.${VERB_KEYS[verb]}`) : ''}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          {verb === 'resolve-on-spot' || verb === 'complete' ? (
            <Form.Item
              name="resolution"
              label={t('service-requests.field.resolution')}
              rules={[{ required: true, min: 2 }]}
            >
              <Input.TextArea data-testid="sr-resolution" rows={3} />
            </Form.Item>
          ) : null}
          {verb === 'escalate' ? (
            <>
              <Typography.Paragraph type="secondary">
                {t('service-requests.desk.escalateTo')}
              </Typography.Paragraph>
              <Form.Item name="note" label={t('service-requests.field.note')}>
                <Input.TextArea data-testid="sr-escalate-note" rows={2} maxLength={500} />
              </Form.Item>
            </>
          ) : null}
          {verb === 'transfer' ? (
            <>
              <Form.Item
                name="reason"
                label={t('service-requests.field.reason')}
                rules={[{ required: true, min: 2 }]}
              >
                <Input.TextArea rows={2} />
              </Form.Item>
              <Form.Item
                name="nextRoute"
                label={t('service-requests.field.nextRoute')}
                rules={[{ required: true, min: 2 }]}
              >
                <Input />
              </Form.Item>
            </>
          ) : null}
        </Form>
      </Modal>
    </>
  );
}

function Figures() {
  const t = useT();
  const { message } = AntApp.useApp();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const [stats, setStats] = useState<Stats | null>(null);
  const chartRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    api
      .get<{ data: Stats }>('/service-requests/stats', {
        from: range[0].format('YYYY-MM-DD'),
        to: range[1].format('YYYY-MM-DD'),
      })
      .then((r) => setStats(r.data))
      .catch((e) => message.error(errorText(e)));
  }, [range, message]);

  useEffect(() => {
    if (!stats || !chartRef.current) return;
    const chart = echarts.init(chartRef.current);
    const rows = stats.byOrg.slice(0, 20);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: {},
      grid: { left: 40, right: 20, bottom: 80 },
      xAxis: { type: 'category', data: rows.map((r) => r.orgName), axisLabel: { rotate: 40 } },
      yAxis: { type: 'value' },
      series: (['received', 'resolvedOnSpot', 'transferred', 'completed', 'overdue'] as const).map((k) => ({
        name: t(`service-requests.stats.${k}`),
        type: 'bar',
        data: rows.map((r) => r[k]),
      })),
    });
    return () => chart.dispose();
  }, [stats, t]);

  const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);
  const rows = stats
    ? [...stats.byOrg, { ...stats.totals, orgId: 0, orgName: t('service-requests.stats.total') }]
    : [];
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text>{t('service-requests.stats.period')}</Typography.Text>
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
        />
        {stats ? <Typography.Text strong>{stats.org.name}</Typography.Text> : null}
      </Space>
      <Table
        rowKey="orgId"
        size="small"
        pagination={false}
        dataSource={rows}
        data-testid="sr-stats"
        columns={[
          { title: t('service-requests.stats.org'), dataIndex: 'orgName' },
          { title: t('service-requests.stats.received'), dataIndex: 'received' },
          { title: t('service-requests.stats.resolvedOnSpot'), dataIndex: 'resolvedOnSpot' },
          { title: t('service-requests.stats.transferred'), dataIndex: 'transferred' },
          { title: t('service-requests.stats.completed'), dataIndex: 'completed' },
          { title: t('service-requests.stats.completionRate'), dataIndex: 'completionRate', render: pct },
          { title: t('service-requests.stats.lowestLevelShare'), dataIndex: 'lowestLevelShare', render: pct },
          { title: t('service-requests.stats.overdue'), dataIndex: 'overdue' },
          { title: t('service-requests.stats.rated'), dataIndex: 'rated' },
          { title: t('service-requests.stats.notSolved'), dataIndex: 'notSolved' },
          {
            title: t('service-requests.stats.satisfactionRate'),
            dataIndex: 'satisfactionRate',
            render: pct,
          },
        ]}
      />
      <div ref={chartRef} style={{ height: 360, marginTop: 16 }} />
    </>
  );
}
