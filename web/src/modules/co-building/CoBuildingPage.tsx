import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, InputNumber, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import * as echarts from 'echarts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSession } from '../../app/session.tsx';
import { downloadUrl } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { todayIso } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import type { ModalField } from '../../shared/ModalForm.tsx';
import { OFFICIAL_ROLES, roleOrgs } from '../../shared/roleOrgs.ts';
import { useFormDialog } from '../../shared/useFormDialog.tsx';
import { useList } from '../../shared/useList.ts';
import {
  type CbActivity,
  type CbAgreement,
  type CbMeeting,
  type CbStats,
  type CbUnit,
  cbApi,
  type Scope,
  UNIT_TYPES,
} from './api.ts';

const METRICS = [
  'units',
  'jointMeetings',
  'issuesRaised',
  'issuesSolved',
  'agreements',
  'activities',
  'jointServices',
  'participants',
] as const;

/** `/co-building`: 共驻共建 — resident units, joint meetings, activities, agreements and the figures. */
export default function CoBuildingPage() {
  const t = useT();
  const { me, can } = useSession();
  const manage = can('co_building.manage');
  const thisYear = Number(todayIso().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [orgId, setOrgId] = useState<number | undefined>();
  const [stats, setStats] = useState<{ label: string; data: CbStats }[]>([]);
  const period = useMemo(() => ({ orgId, from: `${year}-01-01`, to: `${year}-12-31` }), [orgId, year]);
  // Units are not dated: the whole scope's units, whatever the year.
  const units = useList<CbUnit, Scope>(({ filters }, signal) => cbApi.units({ query: filters, signal }), {
    filters: { orgId },
  });
  const meetings = useList<CbMeeting, Scope>(
    ({ filters }, signal) => cbApi.meetings({ query: filters, signal }),
    { filters: period },
  );
  const activities = useList<CbActivity, Scope>(
    ({ filters }, signal) => cbApi.activities({ query: filters, signal }),
    { filters: period },
  );
  const agreements = useList<CbAgreement, Scope>(
    ({ filters }, signal) => cbApi.agreements({ query: filters, signal }),
    { filters: { orgId } },
  );
  const { open: setDialog, dialog } = useFormDialog({
    okText: t('co-building.ok'),
    doneText: t('co-building.done'),
    after: () => afterSubmit(),
  });
  const [error, setError] = useState<string | null>(null);
  const hosts = roleOrgs(me?.roles, OFFICIAL_ROLES);
  const scopes = useMemo(() => {
    const seen = new Set<number>();
    return [...(me?.scopes ?? []).map((s) => ({ value: s.id, label: s.name })), ...hosts].filter(
      (o) => !seen.has(o.value) && seen.add(o.value),
    );
  }, [me, hosts]);

  const load = useCallback(() => {
    const quarters = [0, 1, 2, 3].map((q) => ({
      label: t('co-building.quarter', { q: q + 1 }),
      scope: {
        orgId,
        from: `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`,
        to: new Date(Date.UTC(year, q * 3 + 3, 0)).toISOString().slice(0, 10),
      },
    }));
    Promise.all([
      ...quarters.map((q) => cbApi.stats({ query: q.scope }).then((r) => ({ label: q.label, data: r.data }))),
      cbApi
        .stats({ query: period })
        .then((r) => ({ label: t('co-building.yearTotal', { year }), data: r.data })),
    ])
      .then(setStats)
      .catch((e) => setError(errorText(e)));
  }, [orgId, year, period, t]);
  useEffect(load, [load]);

  function afterSubmit() {
    load();
    for (const list of [units, meetings, activities, agreements]) list.reload();
  }
  const hostField: ModalField = {
    name: 'orgId',
    label: t('co-building.f.org'),
    required: true,
    input: <Select options={hosts} />,
  };
  const unitOptions = units.rows.map((u) => ({ value: u.id, label: `${u.name}（${u.orgName}）` }));
  const text = (name: string, rows = 0, max = 100): ModalField => ({
    name,
    label: t(`co-building.f.${name}`),
    required: true,
    input: rows ? <Input.TextArea rows={rows} maxLength={max} /> : <Input maxLength={max} />,
  });
  const date = (name: string, required = true): ModalField => ({
    name,
    label: t(`co-building.f.${name}`),
    required,
    input: <Input type="date" />,
  });
  const create = (
    what: 'units' | 'meetings' | 'activities' | 'agreements',
    fields: ModalField[],
    init = {},
  ) =>
    setDialog({
      title: t(`co-building.new.${what}`),
      initialValues: { orgId: hosts[0]?.value, ...init },
      fields: [hostField, ...fields],
      submit: ({ orgId: host, ...body }) => {
        const clean = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== ''));
        if (what === 'meetings') {
          clean.issues = String(body.issues ?? '')
            .split('\n')
            .map((s) => s.trim())
            .filter(Boolean)
            .map((title) => ({ title }));
          clean.unitIds = body.unitIds ?? [];
        }
        if (what === 'activities') clean.unitIds = body.unitIds ?? [];
        const params = { id: Number(host) };
        const payload = { params, body: clean as never };
        if (what === 'units') return cbApi.addUnit(payload);
        if (what === 'meetings') return cbApi.addMeeting(payload);
        if (what === 'activities') return cbApi.addActivity(payload);
        return cbApi.addAgreement(payload);
      },
    });
  const addButton = (
    what: 'units' | 'meetings' | 'activities' | 'agreements',
    fields: ModalField[],
    init = {},
  ) =>
    manage && hosts.length > 0 ? (
      <Button type="primary" onClick={() => create(what, fields, init)} data-testid={`new-${what}`}>
        {t(`co-building.new.${what}`)}
      </Button>
    ) : null;

  const chartRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!chartRef.current || stats.length < 5) return;
    const chart = echarts.init(chartRef.current);
    const quarters = stats.slice(0, 4);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: quarters.map((q) => q.label) },
      yAxis: { type: 'value', minInterval: 1 },
      series: (['jointMeetings', 'issuesSolved', 'jointServices', 'activities'] as const).map((k) => ({
        name: t(`co-building.m.${k}`),
        type: 'bar',
        data: quarters.map((q) => q.data[k]),
      })),
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(chartRef.current);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [stats, t]);

  const statsTab = (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Table
        rowKey="label"
        size="small"
        pagination={false}
        dataSource={stats.map((s) => ({ label: s.label, ...s.data }))}
        scroll={{ x: 860 }}
        data-testid="cb-stats"
        rowClassName={(_, i) => (i === 4 ? 'ant-table-row-selected' : '')}
        columns={[
          { title: t('co-building.period'), dataIndex: 'label', fixed: 'left', width: 110 },
          ...METRICS.map((k) => ({
            title: t(`co-building.m.${k}`),
            dataIndex: k,
            align: 'right' as const,
          })),
        ]}
      />
      <div ref={chartRef} style={{ width: '100%', height: 300 }} data-testid="cb-chart" />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('co-building.statsNote')}
      </Typography.Text>
    </Space>
  );

  const unitsTab = (
    <Space direction="vertical" style={{ width: '100%' }}>
      {addButton(
        'units',
        [
          text('name'),
          {
            name: 'unitType',
            label: t('co-building.f.unitType'),
            required: true,
            input: (
              <Select options={UNIT_TYPES.map((u) => ({ value: u, label: t(`co-building.type.${u}`) }))} />
            ),
          },
          { name: 'contactName', label: t('co-building.f.contactName'), input: <Input maxLength={50} /> },
          date('joinedOn'),
        ],
        { joinedOn: todayIso(), unitType: 'agency' },
      )}
      <ListPage<CbUnit, Scope>
        bare
        list={units}
        rowKey={(u) => u.id}
        columns={[
          { title: t('co-building.f.name'), dataIndex: 'name' },
          {
            title: t('co-building.f.unitType'),
            dataIndex: 'unitType',
            render: (v: string) => t(`co-building.type.${v}`),
          },
          { title: t('co-building.f.org'), dataIndex: 'orgName' },
          { title: t('co-building.f.joinedOn'), dataIndex: 'joinedOn' },
        ]}
      />
    </Space>
  );

  const solve = (issue: CbMeeting['issues'][number]) =>
    setDialog({
      title: `${t('co-building.solve')} · ${issue.title}`,
      initialValues: { solvedOn: todayIso() },
      fields: [date('solvedOn'), text('outcome', 3, 2000)],
      submit: (v) => cbApi.solve({ params: { id: issue.id }, body: v as never }),
    });

  /** A meeting's problems, each with its state and (for an open one) the 标记解决 button. */
  const issuesOf = (m: CbMeeting) => (
    <Space direction="vertical" size={2}>
      {m.issues.map((i) => (
        <Space key={i.id} wrap size={4}>
          <Tag color={i.status === 'solved' ? 'green' : 'orange'}>{t(`co-building.issue.${i.status}`)}</Tag>
          <span>{i.title}</span>
          {i.outcome && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {i.solvedOn}：{i.outcome}
            </Typography.Text>
          )}
          {i.status === 'open' && manage && (
            <Button size="small" type="link" onClick={() => solve(i)}>
              {t('co-building.solve')}
            </Button>
          )}
        </Space>
      ))}
    </Space>
  );

  const meetingsTab = (
    <Space direction="vertical" style={{ width: '100%' }}>
      {addButton(
        'meetings',
        [
          text('title'),
          date('heldOn'),
          {
            name: 'unitIds',
            label: t('co-building.f.unitIds'),
            input: <Select mode="multiple" options={unitOptions} optionFilterProp="label" />,
          },
          text('minutes', 4, 8000),
          {
            name: 'issues',
            label: t('co-building.f.issues'),
            input: <Input.TextArea rows={3} placeholder={t('co-building.issuesHint')} />,
          },
        ],
        { heldOn: todayIso() },
      )}
      <ListPage<CbMeeting, Scope>
        bare
        list={meetings}
        rowKey={(m) => m.id}
        rowTestId={(m) => `meeting-${m.id}`}
        emptyText={t('co-building.empty')}
        columns={[
          { title: t('co-building.f.title'), dataIndex: 'title' },
          { title: t('co-building.f.heldOn'), dataIndex: 'heldOn', width: 110 },
          { title: t('co-building.f.org'), dataIndex: 'orgName' },
          { title: t('co-building.f.minutes'), dataIndex: 'minutes' },
          { title: t('co-building.f.issues'), key: 'issues', render: (_, m) => issuesOf(m) },
        ]}
        renderCard={(m) => (
          <Card size="small" className="jc-list-card">
            <Space direction="vertical" size={4} style={{ width: '100%' }}>
              <Typography.Text strong>
                {m.title} · {m.heldOn}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {m.orgName}
                {m.units.length ? ` · ${m.units.join('、')}` : ''}
              </Typography.Text>
              <Typography.Paragraph style={{ marginBottom: 4 }}>{m.minutes}</Typography.Paragraph>
              {issuesOf(m)}
            </Space>
          </Card>
        )}
      />
    </Space>
  );
  const activitiesTab = (
    <Space direction="vertical" style={{ width: '100%' }}>
      {addButton(
        'activities',
        [
          {
            name: 'kind',
            label: t('co-building.f.kind'),
            required: true,
            input: (
              <Select
                options={(['joint_service', 'activity'] as const).map((k) => ({
                  value: k,
                  label: t(`co-building.kind.${k}`),
                }))}
              />
            ),
          },
          text('title'),
          date('heldOn'),
          {
            name: 'participants',
            label: t('co-building.f.participants'),
            required: true,
            input: <InputNumber min={0} style={{ width: '100%' }} />,
          },
          {
            name: 'unitIds',
            label: t('co-building.f.unitIds'),
            input: <Select mode="multiple" options={unitOptions} optionFilterProp="label" />,
          },
        ],
        { kind: 'joint_service', heldOn: todayIso() },
      )}
      <ListPage<CbActivity, Scope>
        bare
        list={activities}
        rowKey={(a) => a.id}
        columns={[
          { title: t('co-building.f.heldOn'), dataIndex: 'heldOn', width: 110 },
          {
            title: t('co-building.f.kind'),
            dataIndex: 'kind',
            width: 100,
            render: (k: string) => (
              <Tag color={k === 'joint_service' ? 'red' : 'blue'}>{t(`co-building.kind.${k}`)}</Tag>
            ),
          },
          { title: t('co-building.f.title'), dataIndex: 'title' },
          { title: t('co-building.f.org'), dataIndex: 'orgName' },
          { title: t('co-building.f.participants'), dataIndex: 'participants', align: 'right', width: 90 },
        ]}
      />
    </Space>
  );

  const agreementsTab = (
    <Space direction="vertical" style={{ width: '100%' }}>
      {addButton(
        'agreements',
        [
          {
            name: 'unitId',
            label: t('co-building.f.unitId'),
            required: true,
            input: <Select options={unitOptions} showSearch optionFilterProp="label" />,
          },
          text('title'),
          text('resources', 3, 2000),
          date('signedOn'),
          date('expiresOn', false),
        ],
        { signedOn: todayIso() },
      )}
      <ListPage<CbAgreement, Scope>
        bare
        list={agreements}
        rowKey={(a) => a.id}
        columns={[
          { title: t('co-building.f.title'), dataIndex: 'title' },
          { title: t('co-building.f.unitId'), dataIndex: 'unitName' },
          { title: t('co-building.f.resources'), dataIndex: 'resources' },
          { title: t('co-building.f.org'), dataIndex: 'orgName' },
          { title: t('co-building.f.signedOn'), dataIndex: 'signedOn', width: 110 },
          {
            title: t('co-building.f.expiresOn'),
            dataIndex: 'expiresOn',
            width: 110,
            render: (v: string | null) => v ?? '—',
          },
        ]}
      />
    </Space>
  );

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('co-building.title')}
      </Typography.Title>
      <Space wrap>
        <Select
          style={{ minWidth: 200 }}
          allowClear
          placeholder={t('co-building.allScope')}
          value={orgId}
          onChange={setOrgId}
          options={scopes}
          data-testid="cb-scope"
          aria-label={t('common.org.label')}
        />
        <Select
          style={{ width: 120 }}
          aria-label={t('common.label.year')}
          value={year}
          onChange={setYear}
          options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({
            value: y,
            label: t('co-building.year', { year: y }),
          }))}
        />
        <Button
          icon={<DownloadOutlined />}
          href={downloadUrl('/co-building/ledger.xlsx', {
            orgId,
            from: `${year}-01-01`,
            to: `${year}-12-31`,
          })}
          data-testid="cb-ledger"
        >
          {t('co-building.ledger')}
        </Button>
      </Space>
      {error && <Alert type="error" message={error} />}
      <Card>
        <Tabs
          items={[
            { key: 'stats', label: t('co-building.tab.stats'), children: statsTab },
            { key: 'units', label: t('co-building.tab.units'), children: unitsTab },
            { key: 'meetings', label: t('co-building.tab.meetings'), children: meetingsTab },
            { key: 'activities', label: t('co-building.tab.activities'), children: activitiesTab },
            { key: 'agreements', label: t('co-building.tab.agreements'), children: agreementsTab },
          ]}
        />
      </Card>
      {dialog}
    </Space>
  );
}
