import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  DatePicker,
  List,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import * as echarts from 'echarts';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { downloadUrl } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import {
  type ComplianceSummary,
  type Conversions,
  type SupervisionPage as GridPage,
  orgLifeApi,
  STATUS_COLORS,
  type Supervision,
} from './api.ts';
import { useOrgChoices } from './BranchPage.tsx';

const GRID_PAGE_SIZE = 50;
const BRANCH_KINDS = ['branch', 'general_branch'];
const GRID_LEVELS = ['community', 'grid', 'building'];

type Counts = ComplianceSummary['total']['counts'];
type Child = ComplianceSummary['children'][number];

/** Above the community level the page opens on the per-child figures; below it, on the branch grid. */
function opensOnGrid(s: ComplianceSummary): boolean {
  return (
    BRANCH_KINDS.includes(s.total.kind) ||
    (s.total.level !== null && GRID_LEVELS.includes(s.total.level)) ||
    s.children.length === 0
  );
}

function worst(c: Counts): 'ok' | 'due' | 'overdue' {
  if (c.overdue > 0) return 'overdue';
  if (c.due > 0) return 'due';
  return 'ok';
}

/**
 * `/org-life/supervision`: for a district or street, ok / due / overdue branches per child
 * organization and type (from the subtree rollups, worst first; click to drill down); for a
 * community or branch, the branch × type grid where every red cell says why.
 */
export default function SupervisionPage() {
  const t = useT();
  const choices = useOrgChoices();
  const [params, setParams] = useSearchParams();
  const orgId = Number(params.get('orgId')) || choices[choices.length - 1]?.value;
  const period = params.get('period') ?? dayjs().format('YYYY-MM');
  const chosen = params.has('period');
  const [summary, setSummary] = useState<ComplianceSummary | null>(null);
  // Months of the last year with overdue items, from the current month's answer (kept while
  // the page moves to one of them).
  const [late, setLate] = useState<{ period: string; overdue: number }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!orgId) return;
    // An answer for an organization or month the page has already left is dropped: otherwise
    // the first answer's move to the late month could undo a drill-down made meanwhile.
    let live = true;
    setLoading(true);
    orgLifeApi
      .summary(orgId, period)
      .then((d) => {
        if (!live) return;
        if (d.latePeriods) setLate(d.latePeriods);
        // Opened without a month: open on what is late now, not on an empty new month.
        const first = d.latePeriods?.[0];
        if (!chosen && first && first.period !== period && d.total.counts.overdue === 0) {
          setParams({ orgId: String(orgId), period: first.period }, { replace: true });
          return;
        }
        setSummary(d);
        setError(null);
      })
      .catch((e) => live && setError(errorText(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [orgId, period, chosen, setParams]);

  if (!orgId) return <Alert type="info" showIcon title={t('org-life.noBranch')} />;
  const go = (next: { orgId?: number; period?: string }) =>
    setParams({ orgId: String(next.orgId ?? orgId), period: next.period ?? period });
  const current = summary && summary.total.orgId === orgId ? summary : null;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="jc-page-header">
          <div>
            <Typography.Title level={3}>{t('org-life.supervision')}</Typography.Title>
            <Typography.Text type="secondary">
              {current && !opensOnGrid(current)
                ? t('org-life.supervision.summaryIntro')
                : t('org-life.supervision.intro')}
            </Typography.Text>
          </div>
          <Space wrap>
            {choices.length > 1 && (
              <Select
                style={{ minWidth: 200 }}
                value={choices.some((c) => c.value === orgId) ? orgId : undefined}
                placeholder={current?.total.orgName}
                options={choices}
                onChange={(v) => go({ orgId: v })}
              />
            )}
            <DatePicker
              picker="month"
              value={dayjs(`${period}-01`)}
              onChange={(d) => d && go({ period: d.format('YYYY-MM') })}
              allowClear={false}
            />
            <Button
              icon={<DownloadOutlined />}
              href={downloadUrl('/org-life/supervision/ledger.xlsx', { orgId, period })}
              data-testid="supervision-ledger"
            >
              {t('org-life.supervision.ledger')}
            </Button>
          </Space>
        </div>
        {current && current.trail.length > 1 && (
          <Breadcrumb
            data-testid="supervision-breadcrumb"
            style={{ marginTop: 12 }}
            items={current.trail.map((o, i) =>
              i === current.trail.length - 1
                ? { title: o.orgName }
                : {
                    title: (
                      <Link to={`/org-life/supervision?orgId=${o.orgId}&period=${period}`}>{o.orgName}</Link>
                    ),
                  },
            )}
          />
        )}
        {late.length > 0 && (
          <Alert
            data-testid="late-periods"
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            title={
              <Space wrap size={4}>
                {t('org-life.supervision.latePeriods')}
                {late.map((l) => (
                  <Button
                    key={l.period}
                    size="small"
                    type={l.period === period ? 'primary' : 'default'}
                    onClick={() => go({ period: l.period })}
                  >
                    {t('org-life.supervision.latePeriod', {
                      month: dayjs(`${l.period}-01`).format(t('org-life.supervision.monthFormat')),
                      n: l.overdue,
                    })}
                  </Button>
                ))}
              </Space>
            }
          />
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      </Card>
      {current && !opensOnGrid(current) && (
        <SummaryView summary={current} loading={loading} onOpen={(id) => go({ orgId: id })} />
      )}
      {current && opensOnGrid(current) && (
        <BranchGrid key={`${orgId}-${period}`} orgId={orgId} period={period} />
      )}
      {!current && loading && <Card loading />}
      <OverdueConversions orgId={orgId} />
    </Space>
  );
}

/** 转正逾期: probationary members of the subtree whose probation has ended (the members module's rule). */
function OverdueConversions({ orgId }: { orgId: number }) {
  const t = useT();
  const [rows, setRows] = useState<Conversions | null>(null);
  useEffect(() => {
    let live = true;
    orgLifeApi
      .conversions(orgId)
      .then((r) => live && setRows(r))
      .catch(() => live && setRows(null));
    return () => {
      live = false;
    };
  }, [orgId]);
  if (!rows || rows.total === 0) return null;
  return (
    <Card
      data-testid="overdue-conversions"
      title={
        <Space>
          {t('org-life.conversions.title')}
          <Tag color="red">{rows.total}</Tag>
        </Space>
      }
    >
      <List
        size="small"
        dataSource={rows.data}
        renderItem={(r) => (
          <List.Item>
            <List.Item.Meta
              title={r.name}
              description={t('org-life.conversions.line', {
                org: r.orgName,
                joined: r.joinedOn,
                end: r.probationEnd,
              })}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

function SummaryView({
  summary,
  loading,
  onOpen,
}: {
  summary: ComplianceSummary;
  loading: boolean;
  onOpen: (orgId: number) => void;
}) {
  const t = useT();
  const { counts } = summary.total;
  const rate = counts.total ? Math.round((counts.ok / counts.total) * 1000) / 10 : 0;
  const typeCell = (type: string, r: Child) => {
    const c = r.byType.find((x) => x.type === type);
    if (!c) return '—';
    const status = worst(c);
    return (
      <Tooltip
        title={t('org-life.summary.cell', { ok: c.ok, due: c.due, overdue: c.overdue, total: c.total })}
      >
        <Tag color={STATUS_COLORS[status]} data-testid={`sum-${r.orgId}-${type}`} data-status={status}>
          {c.ok}/{c.total}
        </Tag>
      </Tooltip>
    );
  };
  return (
    <>
      <Card>
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Statistic title={t('org-life.rate')} value={rate} suffix="%" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('org-life.status.ok')}
              value={counts.ok}
              styles={{ content: { color: '#389e0d' } }}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('org-life.status.due')}
              value={counts.due}
              styles={{ content: { color: '#ad6800' } }}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('org-life.status.overdue')}
              value={counts.overdue}
              styles={{ content: { color: '#cf1322' } }}
              data-testid="summary-overdue"
            />
          </Col>
        </Row>
        <Typography.Text type="secondary">
          {t('org-life.summary.obligations', { total: counts.total })}
        </Typography.Text>
      </Card>
      <Card title={t('org-life.summary.children')}>
        <Table
          rowKey="orgId"
          size="small"
          loading={loading}
          dataSource={summary.children}
          scroll={{ x: 360 + summary.types.length * 100 }}
          pagination={summary.children.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          data-testid="summary-table"
          onRow={(r) => ({ onClick: () => onOpen(r.orgId), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('org-life.rank'), dataIndex: 'rank', width: 56, fixed: 'left' },
            {
              title: t('org-life.org'),
              dataIndex: 'orgName',
              fixed: 'left',
              width: 180,
              render: (v: string, r: Child) => (
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0, whiteSpace: 'normal', textAlign: 'left', height: 'auto' }}
                  data-testid={`child-${r.orgId}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    onOpen(r.orgId);
                  }}
                >
                  {v}
                </Button>
              ),
            },
            { title: t('org-life.rate'), dataIndex: 'rate', width: 80, render: (v: number) => `${v}%` },
            {
              title: t('org-life.status.overdue'),
              key: 'overdue',
              width: 72,
              render: (_: unknown, r: Child) =>
                r.counts.overdue ? <Typography.Text type="danger">{r.counts.overdue}</Typography.Text> : 0,
            },
            ...summary.types.map((type) => ({
              title: type.name,
              key: type.code,
              width: 100,
              render: (_: unknown, r: Child) => typeCell(type.code, r),
            })),
          ]}
        />
      </Card>
      {summary.children.length > 1 && <SummaryChart rows={summary.children} onOpen={onOpen} />}
    </>
  );
}

/** Stacked bars per child organization, worst first; a click drills down like the table. */
function SummaryChart({ rows, onOpen }: { rows: Child[]; onOpen: (orgId: number) => void }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const open = useRef(onOpen);
  open.current = onOpen;
  const shown = useMemo(() => rows.slice(0, 15), [rows]);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current);
    const names = shown.map((r) => r.orgName).reverse();
    const series = (['overdue', 'due', 'ok'] as const).map((k) => ({
      name: t(`org-life.status.${k}`),
      type: 'bar' as const,
      stack: 'all',
      data: shown.map((r) => r.counts[k]).reverse(),
      itemStyle: { color: { ok: '#52c41a', due: '#faad14', overdue: '#f5222d' }[k] },
    }));
    chart.setOption({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: names, axisLabel: { width: 110, overflow: 'truncate' } },
      series,
    });
    chart.on('click', (p) => {
      const row = shown[shown.length - 1 - (p.dataIndex ?? 0)];
      if (row) open.current(row.orgId);
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [shown, t]);
  return (
    <Card title={t('org-life.summary.chart')}>
      <div ref={ref} style={{ width: '100%', height: 60 + shown.length * 28 }} data-testid="summary-chart" />
    </Card>
  );
}

/** The branch × type grid (paged on the server when big); every red cell explains itself. */
function BranchGrid({ orgId, period }: { orgId: number; period: string }) {
  const t = useT();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<'all' | 'due' | 'overdue'>('all');
  const [data, setData] = useState<Supervision | null>(null);
  const [paging, setPaging] = useState<GridPage>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    setLoading(true);
    orgLifeApi
      .supervision(orgId, period, {
        limit: GRID_PAGE_SIZE,
        offset: (page - 1) * GRID_PAGE_SIZE,
        status: status === 'all' ? undefined : status,
      })
      .then((r) => {
        setData(r.data);
        setPaging(r.page);
        setError(null);
      })
      .catch((e) => setError(errorText(e)))
      .finally(() => setLoading(false));
  }, [orgId, period, page, status]);

  return (
    <Card
      extra={
        <Segmented
          size="small"
          value={status}
          onChange={(v) => {
            setStatus(v as typeof status);
            setPage(1);
          }}
          options={[
            { value: 'all', label: t('org-life.filter.all') },
            { value: 'overdue', label: t('org-life.status.overdue') },
            { value: 'due', label: t('org-life.status.due') },
          ]}
        />
      }
      title={t('org-life.summary.grid')}
    >
      {error && <Alert type="error" showIcon title={error} />}
      <Table
        rowKey="orgId"
        size="small"
        loading={loading}
        dataSource={data?.rows ?? []}
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize: GRID_PAGE_SIZE,
          total: paging?.total ?? data?.rows.length ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          onChange: setPage,
        }}
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
  );
}
