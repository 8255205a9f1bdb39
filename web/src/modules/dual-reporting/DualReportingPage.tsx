import {
  Button,
  Card,
  Descriptions,
  Drawer,
  Input,
  InputNumber,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../../app/session.tsx';
import { api, type Paged } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { todayIso } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import type { ModalField } from '../../shared/ModalForm.tsx';
import { useMessage } from '../../shared/message.ts';
import { roleOrgs } from '../../shared/roleOrgs.ts';
import { type FormDialog, useFormDialog } from '../../shared/useFormDialog.tsx';
import { useList } from '../../shared/useList.ts';
import {
  dualApi,
  LEVELS,
  type Project,
  type Service,
  type Stats,
  type Unit,
  type UnitDetail,
} from './api.ts';

const STATUS_COLORS: Record<string, string> = {
  open: 'blue',
  claimed: 'orange',
  completed: 'green',
  withdrawn: 'default',
  pending: 'gold',
  confirmed: 'green',
  rejected: 'red',
};

/** Members the unit's own branch may register: searched by name in the caller's scope. */
function MemberSelect(props: { value?: number; onChange?: (v: number) => void; id?: string }) {
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const search = useCallback((q: string) => {
    api
      .get<Paged<{ id: number; name: string; orgName: string }>>('/members', { q, pageSize: 20 })
      .then((r) => setOptions(r.data.map((m) => ({ value: m.id, label: `${m.name}（${m.orgName}）` }))))
      .catch(() => setOptions([]));
  }, []);
  useEffect(() => search(''), [search]);
  return <Select {...props} showSearch filterOption={false} onSearch={search} options={options} />;
}

type Dialog = FormDialog;
type ProjectList = 'needs' | 'resources' | 'projects';

/** `/dual-reporting`: 双报到 for the community desk and for a unit's own party branch. */
export default function DualReportingPage() {
  const t = useT();
  const { me, can } = useSession();
  const manage = can('dual_reporting.manage');
  const msg = useMessage();
  const units = useList<Unit>((_, signal) => dualApi.units({ signal }));
  const projects = useList<Project, { list: ProjectList }>(
    ({ filters }, signal) => dualApi.projects({ query: filters, signal }),
    { initialFilters: { list: 'needs' } },
  );
  const list = projects.filters.list;
  const services = useList<Service>((_, signal) => dualApi.services({ signal }));
  const [stats, setStats] = useState<Stats | null>(null);
  const [unit, setUnit] = useState<UnitDetail | null>(null);
  const { open: setDialog, dialog } = useFormDialog({
    okText: t('dual-reporting.ok'),
    doneText: t('dual-reporting.done'),
    after: () => afterSubmit(),
  });
  const communities = roleOrgs(me?.roles, ['community_secretary']);

  const loadStats = useCallback(() => {
    if (can('dual_reporting.read'))
      dualApi
        .stats()
        .then((r) => setStats(r.data))
        .catch(() => setStats(null));
  }, [can]);
  useEffect(loadStats, [loadStats]);
  const load = () => {
    loadStats();
    for (const l of [units, projects, services]) l.reload();
  };

  async function act(fn: () => Promise<unknown>) {
    try {
      await fn();
      msg.success(t('dual-reporting.done'));
      load();
      if (unit) setUnit((await dualApi.unit({ params: { id: unit.id } })).data);
    } catch (e) {
      msg.error(errorText(e));
    }
  }
  async function afterSubmit() {
    load();
    if (unit) setUnit((await dualApi.unit({ params: { id: unit.id } })).data);
  }

  const listing = (title: string, submit: (v: Record<string, unknown>) => Promise<unknown>): Dialog => ({
    title,
    fields: [
      { name: 'title', label: t('dual-reporting.f.title'), required: true, input: <Input maxLength={100} /> },
      {
        name: 'description',
        label: t('dual-reporting.f.description'),
        required: true,
        input: <Input.TextArea rows={3} maxLength={2000} />,
      },
    ],
    submit,
  });
  const orgField: ModalField = {
    name: 'orgId',
    label: t('dual-reporting.f.community'),
    required: true,
    input: <Select options={communities} />,
  };

  const unitsTab = (
    <Space direction="vertical" style={{ width: '100%' }}>
      {manage && communities.length > 0 && (
        <Button
          type="primary"
          data-testid="register-unit"
          onClick={() =>
            setDialog({
              title: t('dual-reporting.registerUnit'),
              initialValues: {
                orgId: communities[0]?.value,
                sourceLevel: 'district',
                registeredOn: todayIso(),
              },
              fields: [
                orgField,
                {
                  name: 'unitName',
                  label: t('dual-reporting.f.unitName'),
                  required: true,
                  input: <Input maxLength={100} />,
                },
                {
                  name: 'sourceLevel',
                  label: t('dual-reporting.f.sourceLevel'),
                  required: true,
                  input: (
                    <Select
                      options={LEVELS.map((l) => ({ value: l, label: t(`dual-reporting.level.${l}`) }))}
                    />
                  ),
                },
                {
                  name: 'declaredMembers',
                  label: t('dual-reporting.f.declaredMembers'),
                  required: true,
                  input: <InputNumber min={0} style={{ width: '100%' }} />,
                },
                {
                  name: 'contactName',
                  label: t('dual-reporting.f.contactName'),
                  input: <Input maxLength={50} />,
                },
                {
                  name: 'registeredOn',
                  label: t('dual-reporting.f.registeredOn'),
                  required: true,
                  input: <Input type="date" />,
                },
              ],
              submit: ({ orgId, ...body }) =>
                dualApi.registerUnit({
                  params: { id: Number(orgId) },
                  body: { ...body, contactName: body.contactName || undefined } as never,
                }),
            })
          }
        >
          {t('dual-reporting.registerUnit')}
        </Button>
      )}
      <ListPage<Unit, Record<string, never>>
        bare
        list={units}
        rowKey={(u) => u.id}
        testId="dr-units"
        onRowClick={(u) => dualApi.unit({ params: { id: u.id } }).then((r) => setUnit(r.data))}
        columns={[
          { title: t('dual-reporting.f.unitName'), dataIndex: 'unitName' },
          { title: t('dual-reporting.f.community'), dataIndex: 'communityName' },
          {
            title: t('dual-reporting.f.sourceLevel'),
            dataIndex: 'sourceLevel',
            render: (l: string) => <Tag>{t(`dual-reporting.level.${l}`)}</Tag>,
          },
          { title: t('dual-reporting.f.declaredMembers'), dataIndex: 'declaredMembers', align: 'right' },
          { title: t('dual-reporting.registeredMembers'), dataIndex: 'registeredMembers', align: 'right' },
          { title: t('dual-reporting.f.registeredOn'), dataIndex: 'registeredOn' },
        ]}
      />
    </Space>
  );

  const projectActions = (p: Project) => {
    const out = [];
    // A need is claimed by a unit of its community, a resource by the community's desk.
    const canClaim =
      p.status === 'open' &&
      (p.origin === 'need'
        ? units.rows.some((u) => u.actAsUnit && u.communityOrgId === p.communityOrgId)
        : p.origin === 'resource' && manage);
    if (canClaim)
      out.push(
        <Button
          key="claim"
          size="small"
          type="primary"
          onClick={() => act(() => dualApi.claim({ params: { id: p.id }, body: {} }))}
        >
          {t(p.origin === 'need' ? 'dual-reporting.claimNeed' : 'dual-reporting.claimResource')}
        </Button>,
      );
    if (p.abilities.complete)
      out.push(
        <Button
          key="complete"
          size="small"
          onClick={() =>
            setDialog({
              title: t('dual-reporting.complete'),
              fields: [
                {
                  name: 'outcome',
                  label: t('dual-reporting.f.outcome'),
                  required: true,
                  input: <Input.TextArea rows={3} maxLength={2000} />,
                },
              ],
              submit: (v) => dualApi.complete({ params: { id: p.id }, body: { outcome: String(v.outcome) } }),
            })
          }
        >
          {t('dual-reporting.complete')}
        </Button>,
      );
    return out;
  };

  const listsTab = (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented
          value={list}
          onChange={(v) => projects.setFilters({ list: v as ProjectList })}
          options={(['needs', 'resources', 'projects'] as const).map((l) => ({
            value: l,
            label: t(`dual-reporting.list.${l}`),
          }))}
        />
        {manage && communities.length > 0 && (
          <Button
            onClick={() =>
              setDialog({
                ...listing(t('dual-reporting.publishNeed'), ({ orgId, ...b }) =>
                  dualApi.publishNeed({ params: { id: Number(orgId) }, body: b as never }),
                ),
                initialValues: { orgId: communities[0]?.value },
                fields: [orgField, ...listing('', async () => undefined).fields],
              })
            }
            data-testid="publish-need"
          >
            {t('dual-reporting.publishNeed')}
          </Button>
        )}
      </Space>
      <Typography.Text type="secondary">{t(`dual-reporting.list.${list}.hint`)}</Typography.Text>
      <ListPage<Project, { list: ProjectList }>
        bare
        list={projects}
        rowKey={(p) => p.id}
        rowTestId={(p) => `project-${p.id}`}
        emptyText={t('dual-reporting.empty')}
        columns={[
          { title: t('dual-reporting.f.title'), dataIndex: 'title' },
          {
            title: t('dual-reporting.f.status'),
            key: 'status',
            render: (_, p) => (
              <Space size={4} wrap>
                <Tag>{t(`dual-reporting.origin.${p.origin}`)}</Tag>
                <Tag color={STATUS_COLORS[p.status]}>{t(`dual-reporting.status.${p.status}`)}</Tag>
              </Space>
            ),
          },
          { title: t('dual-reporting.f.description'), dataIndex: 'description' },
          { title: t('dual-reporting.f.community'), dataIndex: 'communityName' },
          {
            title: t('dual-reporting.claimedBy'),
            key: 'units',
            render: (_, p) => p.claimedByUnit ?? p.offeredByUnit ?? '—',
          },
          {
            title: t('dual-reporting.f.outcome'),
            key: 'outcome',
            render: (_, p) => p.outcome ?? '—',
          },
          {
            title: t('common.table.actions'),
            key: 'actions',
            render: (_, p) => <Space wrap>{projectActions(p)}</Space>,
          },
        ]}
        renderCard={(p) => (
          <Card size="small" className="jc-list-card">
            {' '}
            <Space direction="vertical" size={4} style={{ width: '100%' }}>
              <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
                <Typography.Text strong>{p.title}</Typography.Text>
                <Space size={4}>
                  <Tag>{t(`dual-reporting.origin.${p.origin}`)}</Tag>
                  <Tag color={STATUS_COLORS[p.status]}>{t(`dual-reporting.status.${p.status}`)}</Tag>
                </Space>
              </Space>
              <Typography.Text>{p.description}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {p.communityName}
                {p.offeredByUnit ? ` · ${t('dual-reporting.offeredBy')}：${p.offeredByUnit}` : ''}
                {p.claimedByUnit ? ` · ${t('dual-reporting.claimedBy')}：${p.claimedByUnit}` : ''}
              </Typography.Text>
              {p.outcome && <Typography.Text type="success">{p.outcome}</Typography.Text>}
              {projectActions(p).length > 0 && <Space wrap>{projectActions(p)}</Space>}
            </Space>
          </Card>
        )}
      />
    </Space>
  );

  const servicesTab = (
    <ListPage<Service, Record<string, never>>
      bare
      list={services}
      rowKey={(s) => s.id}
      testId="dr-services"
      columns={[
        { title: t('dual-reporting.f.servedOn'), dataIndex: 'servedOn', width: 110 },
        {
          title: t('dual-reporting.member'),
          key: 'member',
          render: (_: unknown, s: Service) => (
            <Space direction="vertical" size={0}>
              {s.memberName}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {s.branchName}
              </Typography.Text>
            </Space>
          ),
        },
        { title: t('dual-reporting.f.unitName'), dataIndex: 'unitName' },
        { title: t('dual-reporting.f.community'), dataIndex: 'communityName' },
        { title: t('dual-reporting.f.description'), dataIndex: 'description' },
        { title: t('dual-reporting.f.hours'), dataIndex: 'hours', align: 'right', width: 80 },
        {
          title: t('dual-reporting.points'),
          key: 'points',
          align: 'right',
          width: 140,
          render: (_: unknown, s: Service) =>
            s.points === null ? (
              '—'
            ) : (
              <Space direction="vertical" size={0} style={{ textAlign: 'right' }}>
                <Typography.Text strong>{s.points}</Typography.Text>
                {s.pointsNote && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {s.pointsNote}
                  </Typography.Text>
                )}
              </Space>
            ),
        },
        {
          title: t('dual-reporting.f.status'),
          key: 'status',
          width: 170,
          render: (_: unknown, s: Service) =>
            s.abilities.confirm || s.abilities.reject ? (
              <Space>
                {s.abilities.confirm && (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => act(() => dualApi.confirm({ params: { id: s.id }, body: {} }))}
                  >
                    {t('dual-reporting.confirm')}
                  </Button>
                )}
                <Button
                  hidden={!s.abilities.reject}
                  size="small"
                  danger
                  onClick={() =>
                    setDialog({
                      title: t('dual-reporting.reject'),
                      fields: [
                        {
                          name: 'reason',
                          label: t('dual-reporting.f.reason'),
                          required: true,
                          input: <Input.TextArea rows={2} maxLength={500} />,
                        },
                      ],
                      submit: (v) =>
                        dualApi.reject({ params: { id: s.id }, body: { reason: String(v.reason) } }),
                    })
                  }
                >
                  {t('dual-reporting.reject')}
                </Button>
              </Space>
            ) : (
              <Tag color={STATUS_COLORS[s.status]} title={s.rejectReason ?? undefined}>
                {t(`dual-reporting.status.${s.status}`)}
              </Tag>
            ),
        },
      ]}
    />
  );

  const statsTab = stats && (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap size="large">
        <Statistic title={t('dual-reporting.list.needs')} value={stats.needs} />
        <Statistic title={t('dual-reporting.list.resources')} value={stats.resources} />
        <Statistic title={t('dual-reporting.stats.claimed')} value={stats.projectsClaimed} />
        <Statistic title={t('dual-reporting.stats.completed')} value={stats.projectsCompleted} />
        <Statistic title={t('dual-reporting.stats.services')} value={stats.serviceRecords} />
        <Statistic title={t('dual-reporting.stats.hours')} value={stats.confirmedHours} />
        <Statistic title={t('dual-reporting.points')} value={stats.points} />
      </Space>
      <Table
        rowKey="sourceLevel"
        size="small"
        pagination={false}
        data-testid="dr-stats"
        dataSource={stats.bySourceLevel}
        columns={[
          {
            title: t('dual-reporting.f.sourceLevel'),
            dataIndex: 'sourceLevel',
            render: (l: string) => t(`dual-reporting.level.${l}`),
          },
          { title: t('dual-reporting.stats.units'), dataIndex: 'units', align: 'right' },
          { title: t('dual-reporting.f.declaredMembers'), dataIndex: 'declaredMembers', align: 'right' },
          { title: t('dual-reporting.registeredMembers'), dataIndex: 'registeredMembers', align: 'right' },
        ]}
      />
    </Space>
  );

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('dual-reporting.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('dual-reporting.intro')}</Typography.Text>
      <Card>
        <Tabs
          items={[
            { key: 'units', label: t('dual-reporting.tab.units'), children: unitsTab },
            { key: 'lists', label: t('dual-reporting.tab.lists'), children: listsTab },
            { key: 'services', label: t('dual-reporting.tab.services'), children: servicesTab },
            ...(statsTab ? [{ key: 'stats', label: t('dual-reporting.tab.stats'), children: statsTab }] : []),
          ]}
        />
      </Card>
      <Drawer
        open={unit !== null}
        onClose={() => setUnit(null)}
        title={unit?.unitName}
        width={Math.min(720, typeof window === 'undefined' ? 720 : window.innerWidth)}
      >
        {unit && (
          <Space direction="vertical" style={{ width: '100%' }} size="middle">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('dual-reporting.f.community')}>
                {unit.communityName}
              </Descriptions.Item>
              <Descriptions.Item label={t('dual-reporting.f.sourceLevel')}>
                {t(`dual-reporting.level.${unit.sourceLevel}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('dual-reporting.f.declaredMembers')}>
                {unit.declaredMembers}（{t('dual-reporting.registeredMembers')} {unit.registeredMembers}）
              </Descriptions.Item>
              <Descriptions.Item label={t('dual-reporting.f.registeredOn')}>
                {unit.registeredOn}
              </Descriptions.Item>
            </Descriptions>
            {unit.actAsUnit && (
              <Button
                type="primary"
                data-testid="register-member"
                onClick={() =>
                  setDialog({
                    title: t('dual-reporting.registerMember'),
                    initialValues: { basis: 'work', registeredOn: todayIso() },
                    fields: [
                      {
                        name: 'memberId',
                        label: t('dual-reporting.member'),
                        required: true,
                        input: <MemberSelect />,
                      },
                      {
                        name: 'basis',
                        label: t('dual-reporting.basis'),
                        required: true,
                        input: (
                          <Select
                            options={(['work', 'residence'] as const).map((b) => ({
                              value: b,
                              label: t(`dual-reporting.basis.${b}`),
                            }))}
                          />
                        ),
                      },
                      {
                        name: 'registeredOn',
                        label: t('dual-reporting.f.registeredOn'),
                        required: true,
                        input: <Input type="date" />,
                      },
                    ],
                    submit: (v) => dualApi.registerMember({ params: { id: unit.id }, body: v as never }),
                  })
                }
              >
                {t('dual-reporting.registerMember')}
              </Button>
            )}
            {unit.actAsUnit && (
              <Button
                onClick={() =>
                  setDialog(
                    listing(t('dual-reporting.publishResource'), (v) =>
                      dualApi.publishResource({ params: { id: unit.id }, body: v as never }),
                    ),
                  )
                }
              >
                {t('dual-reporting.publishResource')}
              </Button>
            )}
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={unit.members}
              scroll={{ x: 560 }}
              locale={{ emptyText: t('dual-reporting.noMembers') }}
              columns={[
                { title: t('dual-reporting.member'), dataIndex: 'memberName' },
                { title: t('dual-reporting.branch'), dataIndex: 'branchName' },
                {
                  title: t('dual-reporting.basis'),
                  dataIndex: 'basis',
                  render: (b: string) => t(`dual-reporting.basis.${b}`),
                },
                { title: t('dual-reporting.stats.hours'), dataIndex: 'confirmedHours', align: 'right' },
                { title: t('dual-reporting.points'), dataIndex: 'points', align: 'right' },
                ...(manage || unit.actAsUnit
                  ? [
                      {
                        title: t('common.table.actions'),
                        render: (_: unknown, m: UnitDetail['members'][number]) => (
                          <Button
                            size="small"
                            onClick={() =>
                              setDialog({
                                title: `${t('dual-reporting.recordService')} · ${m.memberName}`,
                                initialValues: { servedOn: todayIso(), hours: 2 },
                                fields: [
                                  {
                                    name: 'servedOn',
                                    label: t('dual-reporting.f.servedOn'),
                                    required: true,
                                    input: <Input type="date" />,
                                  },
                                  {
                                    name: 'hours',
                                    label: t('dual-reporting.f.hours'),
                                    required: true,
                                    input: (
                                      <InputNumber min={0.5} max={24} step={0.5} style={{ width: '100%' }} />
                                    ),
                                  },
                                  {
                                    name: 'description',
                                    label: t('dual-reporting.f.description'),
                                    required: true,
                                    input: <Input.TextArea rows={2} maxLength={1000} />,
                                  },
                                ],
                                submit: (v) =>
                                  dualApi.recordService({ params: { id: m.id }, body: v as never }),
                              })
                            }
                          >
                            {t('dual-reporting.recordService')}
                          </Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Space>
        )}
      </Drawer>
      {dialog}
    </Space>
  );
}
