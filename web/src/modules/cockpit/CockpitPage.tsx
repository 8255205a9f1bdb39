import { Alert, Button, Card, Col, List, Row, Space, Spin, Statistic, Table, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { api, withQuery } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { EChart } from './EChart.tsx';

interface Figure {
  key: string;
  label: string;
  count: number;
  link: { list: 'members' | 'orgs' | 'new-orgs'; query: Record<string, string> };
}
/**
 * One chart: a canvas with a text description for screen readers, and the same figures as a table
 * on request (also what prints well).
 */
function ChartCard({
  id,
  title,
  figures,
  option,
  onClick,
}: {
  id: string;
  title: string;
  figures: Figure[];
  option: EChartsOption;
  onClick: (params: unknown) => void;
}) {
  const t = useT();
  const [asTable, setAsTable] = useState(false);
  const items = figures.map((f) => t('cockpit.item', { label: f.label, count: f.count })).join('，');
  return (
    <Card
      title={title}
      size="small"
      extra={
        <Button
          type="link"
          size="small"
          aria-pressed={asTable}
          onClick={() => setAsTable((v) => !v)}
          data-testid={`chart-${id}-toggle`}
        >
          {asTable ? t('cockpit.asChart') : t('cockpit.asTable')}
        </Button>
      }
    >
      {asTable ? (
        <Table
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={figures}
          data-testid={`chart-${id}-table`}
          columns={[
            { title: t('cockpit.columnLabel'), dataIndex: 'label' },
            { title: t('cockpit.columnCount'), dataIndex: 'count', align: 'right' },
          ]}
        />
      ) : (
        <EChart
          option={option}
          onClick={onClick as never}
          testId={`chart-${id}`}
          description={t('cockpit.chartDescription', { title, items })}
        />
      )}
    </Card>
  );
}

interface Cockpit {
  org: { id: number; name: string };
  asOf: string;
  members: {
    total: Figure;
    byStatus: Figure[];
    byCategory: Figure[];
    byGender: Figure[];
    byEducation: Figure[];
    byAgeBand: Figure[];
  };
  orgs: { byKind: Figure[]; byLevel: Figure[] };
  partyBirthdays: {
    basis: string;
    windowDays: number;
    upcoming: number;
    thisMonth: Figure;
    items: { memberId: number; name: string; orgName: string; date: string; years: number }[];
  };
  newOrgs: {
    minFullMembers: number;
    byKind: {
      kind: string;
      label: string;
      total: number;
      orgCoverageRate: number;
      workCoverageRate: number;
      needsOwnOrg: Figure;
    }[];
  };
}

const linkOf = (f: Figure) =>
  withQuery(
    f.link.list === 'members' ? '/members' : f.link.list === 'orgs' ? '/orgs' : '/new-orgs',
    f.link.query,
  );

function pie(figures: Figure[]) {
  return {
    tooltip: { trigger: 'item' as const, formatter: '{b}: {c} 人 ({d}%)' },
    legend: { bottom: 0, type: 'scroll' as const },
    series: [
      {
        type: 'pie' as const,
        radius: ['35%', '65%'],
        data: figures.map((f) => ({ name: f.label, value: f.count })),
        label: { formatter: '{b}\n{c}' },
      },
    ],
  };
}
function bar(figures: Figure[], unit = '人') {
  return {
    tooltip: { trigger: 'axis' as const },
    grid: { left: 40, right: 16, top: 16, bottom: 40 },
    xAxis: {
      type: 'category' as const,
      data: figures.map((f) => f.label),
      axisLabel: { interval: 0, rotate: figures.length > 5 ? 30 : 0 },
    },
    yAxis: { type: 'value' as const, name: unit },
    series: [{ type: 'bar' as const, data: figures.map((f) => f.count), itemStyle: { color: '#c8102e' } }],
  };
}

/** `/cockpit`: figures of the chosen scope from the server's rollups; every figure opens its list. */
export default function CockpitPage() {
  const t = useT();
  const { me } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const orgId = Number(params.get('orgId') ?? me?.scopes[0]?.id ?? 0);
  const [data, setData] = useState<Cockpit | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!orgId) return;
    setData(null);
    api.get<{ data: Cockpit }>('/cockpit', { orgId }).then(
      (r) => setData(r.data),
      (e) => setError(errorText(e)),
    );
  }, [orgId]);
  const open = useCallback(
    (figures: Figure[]) => (p: { dataIndex: number }) => {
      const f = figures[p.dataIndex];
      if (f) navigate(linkOf(f));
    },
    [navigate],
  );
  const charts = useMemo(() => {
    if (!data) return null;
    const m = data.members;
    return [
      { title: '党员类别', figures: m.byCategory, option: pie(m.byCategory), id: 'category' },
      { title: '年龄结构', figures: m.byAgeBand, option: bar(m.byAgeBand), id: 'age' },
      { title: '学历', figures: m.byEducation, option: bar(m.byEducation), id: 'education' },
      { title: '性别', figures: m.byGender, option: pie(m.byGender), id: 'gender' },
      { title: '组织类别', figures: data.orgs.byKind, option: bar(data.orgs.byKind, '个'), id: 'org-kind' },
      {
        title: '组织层级',
        figures: data.orgs.byLevel,
        option: bar(data.orgs.byLevel, '个'),
        id: 'org-level',
      },
    ];
  }, [data]);
  if (error) return <Alert type="error" message={error} />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('cockpit.title')}
        extra={
          <OrgPicker
            value={orgId || undefined}
            onChange={(v) => v && setParams({ orgId: String(v) })}
            ariaLabel={t('cockpit.org')}
          />
        }
      >
        {!data ? (
          <Spin />
        ) : (
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Link to={linkOf(data.members.total)} data-testid="figure-total">
                <Statistic title={`${data.org.name} 党员总数`} value={data.members.total.count} suffix="人" />
              </Link>
            </Col>
            {data.members.byStatus.slice(0, 3).map((f) => (
              <Col xs={12} md={6} key={f.key}>
                <Link to={linkOf(f)}>
                  <Statistic title={f.label} value={f.count} suffix="人" />
                </Link>
              </Col>
            ))}
          </Row>
        )}
      </Card>
      {data && charts && (
        <Row gutter={[16, 16]}>
          {charts.map((c) => (
            <Col xs={24} lg={12} key={c.id}>
              <ChartCard
                id={c.id}
                title={c.title}
                figures={c.figures}
                option={c.option}
                onClick={open(c.figures) as never}
              />
            </Col>
          ))}
          <Col xs={24} lg={12}>
            <Card
              title={`近 ${data.partyBirthdays.windowDays} 天政治生日（${data.partyBirthdays.upcoming} 人）`}
              size="small"
              extra={
                <Link to={linkOf(data.partyBirthdays.thisMonth)}>
                  本月 {data.partyBirthdays.thisMonth.count} 人
                </Link>
              }
            >
              <List
                size="small"
                dataSource={data.partyBirthdays.items}
                renderItem={(b) => (
                  <List.Item>
                    <Link to={`/members/${b.memberId}`}>{b.name}</Link>
                    <Typography.Text type="secondary">{b.orgName}</Typography.Text>
                    <span>
                      {b.date.slice(5)} · 入党 {b.years} 周年
                    </span>
                  </List.Item>
                )}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title="“两新”组织覆盖" size="small">
              <List
                dataSource={data.newOrgs.byKind}
                renderItem={(k) => (
                  <List.Item>
                    <Space direction="vertical" size={0}>
                      <Typography.Text strong>
                        {k.label}（{k.total} 家）
                      </Typography.Text>
                      <span>
                        组织覆盖率 {k.orgCoverageRate}% · 工作覆盖率 {k.workCoverageRate}%
                      </span>
                      <Link to={linkOf(k.needsOwnOrg)}>
                        {k.needsOwnOrg.label}：{k.needsOwnOrg.count} 家
                      </Link>
                    </Space>
                  </List.Item>
                )}
              />
            </Card>
          </Col>
        </Row>
      )}
    </Space>
  );
}
