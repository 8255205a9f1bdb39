import { Alert, Button, Card, Col, List, Row, Space, Spin, Statistic, Table, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { api, withQuery } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { type TFunction, textOr, useI18n } from '../../shared/i18n.tsx';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { EChart } from './EChart.tsx';

interface Figure {
  key: string;
  label: string;
  count: number;
  link: { list: 'members' | 'orgs' | 'new-orgs'; query: Record<string, string> };
}
const linkOf = (f: Figure) =>
  withQuery(
    f.link.list === 'members' ? '/members' : f.link.list === 'orgs' ? '/orgs' : '/new-orgs',
    f.link.query,
  );

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
  const { t } = useI18n();
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
            {
              title: t('cockpit.columnLabel'),
              dataIndex: 'label',
              // Each row opens the list it counts, like a click on its chart segment.
              render: (label: string, f: Figure) => <Link to={linkOf(f)}>{label}</Link>,
            },
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

/** A module's figure (from its manifest), with the web list it drills to. */
interface ModuleFigure {
  key: string;
  title: string;
  value: number;
  drill: { path: string; query: Record<string, string> };
}

interface Cockpit {
  org: { id: number; name: string };
  asOf: string;
  figures: ModuleFigure[];
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
      all: Figure;
      needsOwnOrg: Figure;
    }[];
  };
}

/**
 * The label of a figure in the chosen language: the server names it in Chinese (a place may name
 * its own categories); in English the catalogue names the built-in ones by key.
 */
function labelled(t: TFunction, english: boolean, group: string, figures: Figure[]): Figure[] {
  if (!english) return figures;
  return figures.map((f) => ({ ...f, label: textOr(t, `${group}.${f.key}`, f.label) }));
}

function pie(figures: Figure[], unit: string) {
  return {
    tooltip: { trigger: 'item' as const, formatter: `{b}: {c} ${unit} ({d}%)` },
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
function bar(figures: Figure[], unit: string) {
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
  const { t, locale } = useI18n();
  const english = locale === 'en-US';
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
    const people = t('cockpit.unit.people');
    const orgs = t('cockpit.unit.orgs');
    const chart = (id: string, title: string, figures: Figure[], kind: 'pie' | 'bar', unit: string) => ({
      id,
      title,
      figures,
      option: kind === 'pie' ? pie(figures, unit) : bar(figures, unit),
    });
    return [
      chart(
        'category',
        t('cockpit.chart.category'),
        labelled(t, english, 'members.category', m.byCategory),
        'pie',
        people,
      ),
      chart('age', t('cockpit.chart.age'), labelled(t, english, 'members.age', m.byAgeBand), 'bar', people),
      chart(
        'education',
        t('cockpit.chart.education'),
        labelled(t, english, 'members.education', m.byEducation),
        'bar',
        people,
      ),
      chart(
        'gender',
        t('cockpit.chart.gender'),
        labelled(t, english, 'members.gender', m.byGender),
        'pie',
        people,
      ),
      chart(
        'org-kind',
        t('cockpit.chart.orgKind'),
        labelled(t, english, 'orgs.kind', data.orgs.byKind),
        'bar',
        orgs,
      ),
      chart(
        'org-level',
        t('cockpit.chart.orgLevel'),
        labelled(t, english, 'orgs.level', data.orgs.byLevel),
        'bar',
        orgs,
      ),
    ];
  }, [data, t, english]);
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
                <Statistic
                  title={
                    <>
                      <span data-data>{data.org.name}</span> · {t('cockpit.figure.members.total')}
                    </>
                  }
                  value={data.members.total.count}
                  suffix={english ? undefined : t('cockpit.unit.people')}
                />
              </Link>
            </Col>
            {labelled(t, english, 'members.status', data.members.byStatus.slice(0, 3)).map((f) => (
              <Col xs={12} md={6} key={f.key}>
                <Link to={linkOf(f)} data-testid={`figure-status-${f.key}`}>
                  <Statistic
                    title={f.label}
                    value={f.count}
                    suffix={english ? undefined : t('cockpit.unit.people')}
                  />
                </Link>
              </Col>
            ))}
            {data.figures
              .filter((f) => f.key !== 'members.total')
              .map((f) => (
                <Col xs={12} md={6} key={f.key}>
                  <Link to={withQuery(f.drill.path, f.drill.query)} data-testid={`figure-${f.key}`}>
                    <Statistic title={english ? t(`cockpit.figure.${f.key}`) : f.title} value={f.value} />
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
              title={t('cockpit.birthdays.title', {
                days: data.partyBirthdays.windowDays,
                n: data.partyBirthdays.upcoming,
              })}
              size="small"
              extra={
                <Link to={linkOf(data.partyBirthdays.thisMonth)} data-testid="figure-party-month">
                  {t('cockpit.birthdays.thisMonth', { n: data.partyBirthdays.thisMonth.count })}
                </Link>
              }
            >
              <List
                size="small"
                dataSource={data.partyBirthdays.items}
                renderItem={(b) => (
                  <List.Item>
                    <Link to={`/members/${b.memberId}`} data-data>
                      {b.name}
                    </Link>
                    <Typography.Text type="secondary" data-data>
                      {b.orgName}
                    </Typography.Text>
                    <span>{t('cockpit.birthdays.item', { date: b.date.slice(5), years: b.years })}</span>
                  </List.Item>
                )}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('cockpit.newOrgs.title')} size="small">
              <List
                dataSource={data.newOrgs.byKind}
                renderItem={(k) => (
                  <List.Item>
                    <Space direction="vertical" size={0}>
                      <Link to={linkOf(k.all)} data-testid={`figure-new-orgs-${k.kind}`}>
                        <Typography.Text strong>
                          {t('cockpit.newOrgs.kind', {
                            kind: english ? t(`cockpit.newOrgs.kind.${k.kind}`) : k.label,
                            n: k.total,
                          })}
                        </Typography.Text>
                      </Link>
                      <span>
                        {t('cockpit.newOrgs.coverage', { org: k.orgCoverageRate, work: k.workCoverageRate })}
                      </span>
                      <Link to={linkOf(k.needsOwnOrg)}>
                        {t('cockpit.newOrgs.needsOwnOrg', {
                          min: data.newOrgs.minFullMembers,
                          n: k.needsOwnOrg.count,
                        })}
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
