import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { downloadUrl } from '../../shared/api.ts';
import { errorText, showFormError } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { useList } from '../../shared/useList.ts';
import {
  type Calendar,
  MEETING_STATUS_COLORS,
  type MeetingSummary,
  meetingTitle,
  orgLifeApi,
  STATUS_COLORS,
} from './api.ts';

/** The organizations where the user runs organizational life (branch secretary grants first). */
export function useOrgChoices() {
  const { me } = useSession();
  const roles = me?.roles ?? [];
  const order = ['branch_secretary', 'community_secretary', 'street_secretary', 'district_admin'];
  return [...roles]
    .filter((r) => order.includes(r.role))
    .sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role))
    .map((r) => ({ value: r.orgId, label: r.orgName }));
}

/** `/org-life`: a branch's must-do calendar, its records and the plan form. */
export default function BranchPage() {
  const t = useT();
  const { message } = App.useApp();
  const { can } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const choices = useOrgChoices();
  const orgId = Number(params.get('orgId')) || choices[0]?.value;
  const [calendar, setCalendar] = useState<Calendar | null>(null);
  const [todo, setTodo] = useState<Todo[]>([]);
  const [types, setTypes] = useState<{ code: string; name: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [planning, setPlanning] = useState(false);
  const [form] = Form.useForm();

  const load = useCallback(async () => {
    if (!orgId) return;
    try {
      const [cal, cat] = await Promise.all([orgLifeApi.calendar(orgId), orgLifeApi.catalogue(orgId)]);
      setCalendar(cal);
      setTypes(cat.types);
      // Above a branch the calendar of the organization itself is empty: the must-do list is what is
      // late or due in its subtree (the supervision grid's worst rows).
      setTodo(cal.items.length === 0 ? await subtreeTodo(orgId) : []);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, [orgId]);

  useEffect(() => {
    load();
  }, [load]);

  if (!orgId) return <Alert type="info" showIcon title={t('org-life.noBranch')} />;

  const submitPlan = async () => {
    const v = await form.validateFields();
    try {
      const id = await orgLifeApi.plan(orgId, { ...v, plannedOn: v.plannedOn.format('YYYY-MM-DD') });
      setPlanning(false);
      form.resetFields();
      message.success(t('org-life.saved'));
      navigate(`/org-life/meetings/${id}`);
    } catch (e) {
      showFormError(form, e, message);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="jc-page-header">
          <div>
            <Typography.Title level={3}>
              {calendar ? `${t('org-life.title')} · ${calendar.orgName}` : t('org-life.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('org-life.intro')}</Typography.Text>
          </div>
          <Space wrap>
            {choices.length > 1 && (
              <Select
                style={{ minWidth: 200 }}
                value={orgId}
                options={choices}
                onChange={(v) => setParams({ orgId: String(v) })}
              />
            )}
            {can('org_life.plan') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setPlanning(true)}
                data-testid="plan-meeting"
              >
                {t('org-life.plan')}
              </Button>
            )}
            <Button
              icon={<DownloadOutlined />}
              href={downloadUrl(`/orgs/${orgId}/org-life/ledger.xlsx`, { year: dayjs().year() })}
            >
              {t('org-life.ledger')}
            </Button>
          </Space>
        </div>
        {error && <Alert type="error" showIcon title={error} />}
      </Card>
      <Card title={t('org-life.calendar')}>
        <Typography.Paragraph type="secondary">{t('org-life.calendar.intro')}</Typography.Paragraph>
        <Space wrap size={[8, 8]} data-testid="must-do">
          {calendar?.items.map((i) => (
            <Tooltip key={`${i.type}-${i.periodStart}`} title={i.reason}>
              <Tag
                color={STATUS_COLORS[i.status]}
                data-testid={`must-do-${i.type}-${i.status}`}
                style={{ padding: '4px 8px' }}
              >
                {i.typeName} · {i.periodLabel} · {t(`org-life.status.${i.status}`)}
              </Tag>
            </Tooltip>
          ))}
          {todo.map((i) => (
            <Tooltip key={`${i.orgId}-${i.type}`} title={i.reason}>
              <Tag
                color={STATUS_COLORS[i.status]}
                data-testid={`must-do-${i.type}-${i.status}`}
                style={{ padding: '4px 8px', whiteSpace: 'normal' }}
              >
                {i.orgName} · {i.typeName} · {t(`org-life.status.${i.status}`)}
              </Tag>
            </Tooltip>
          ))}
          {calendar && calendar.items.length === 0 && todo.length === 0 && (
            <Typography.Text type="secondary">{t('org-life.todo.none')}</Typography.Text>
          )}
        </Space>
      </Card>
      <MeetingsList orgId={orgId} types={types} />
      <Modal
        open={planning}
        title={t('org-life.plan.title')}
        onCancel={() => setPlanning(false)}
        onOk={submitPlan}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ plannedOn: dayjs() }}>
          <Form.Item name="typeCode" label={t('org-life.type')} rules={[{ required: true }]}>
            <Select data-testid="plan-type" options={types.map((x) => ({ value: x.code, label: x.name }))} />
          </Form.Item>
          <Form.Item name="topic" label={t('org-life.topic')} rules={[{ required: true }]}>
            <Input maxLength={200} data-testid="plan-topic" />
          </Form.Item>
          <Form.Item name="plannedOn" label={t('org-life.plannedOn')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="place" label={t('org-life.place')}>
            <Input maxLength={100} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="hostName" label={t('org-life.hostName')} rules={[{ required: true }]}>
              <Input maxLength={50} data-testid="plan-host" />
            </Form.Item>
            <Form.Item name="recorderName" label={t('org-life.recorderName')} rules={[{ required: true }]}>
              <Input maxLength={50} data-testid="plan-recorder" />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </Space>
  );
}

interface Todo {
  orgId: number;
  orgName: string;
  type: string;
  typeName: string;
  status: 'due' | 'overdue';
  reason: string;
}

/** What is late (then due) in an organization's subtree this month: up to 30 branch × type items. */
async function subtreeTodo(orgId: number): Promise<Todo[]> {
  const period = dayjs().format('YYYY-MM');
  const out: Todo[] = [];
  for (const status of ['overdue', 'due'] as const) {
    const { data } = await orgLifeApi.supervision(orgId, period, { limit: 30, status });
    const names = new Map(data.types.map((x) => [x.code, x.name]));
    for (const row of data.rows) {
      for (const c of row.cells) {
        if (c.status !== status || out.length >= 30) continue;
        out.push({
          orgId: row.orgId,
          orgName: row.orgName,
          type: c.type,
          typeName: names.get(c.type) ?? c.type,
          status,
          reason: c.reason,
        });
      }
    }
  }
  return out;
}

interface MeetingFilters {
  orgId?: number;
  type?: string;
  status?: MeetingSummary['status'];
  from?: string;
  to?: string;
}

/**
 * The meetings of the organization's subtree with the organization of each: filters (organization,
 * type, state, period), server paging, export (.xlsx); cards at phone width.
 */
function MeetingsList({ orgId, types }: { orgId: number; types: { code: string; name: string }[] }) {
  const t = useT();
  const list = useList<MeetingSummary, MeetingFilters>(
    ({ filters, page, pageSize }, signal) =>
      orgLifeApi.meetings({ ...filters, orgId: filters.orgId ?? orgId, page, pageSize }, signal),
    { filters: { orgId } as MeetingFilters, pageSize: 20 },
  );
  const f = list.filters;
  const set = (next: Partial<MeetingFilters>) => list.setFilters({ ...f, ...next });
  const query = { ...f, orgId: f.orgId ?? orgId };
  return (
    <ListPage<MeetingSummary, MeetingFilters>
      title={t('org-life.meetings')}
      testId="meetings-list"
      list={list}
      rowKey={(r) => r.id}
      exportHref={downloadUrl('/org-life/meetings.xlsx', query)}
      exportLabel={t('org-life.meetings.export')}
      cardTitle={(r) => <Link to={`/org-life/meetings/${r.id}`}>{meetingTitle(r)}</Link>}
      filters={
        <>
          <OrgPicker
            value={f.orgId ?? orgId}
            placeholder={t('org-life.org')}
            onChange={(v) => set({ orgId: v ?? undefined })}
          />
          <Select
            allowClear
            placeholder={t('org-life.type')}
            style={{ minWidth: 140 }}
            value={f.type}
            options={types.map((x) => ({ value: x.code, label: x.name }))}
            onChange={(v) => set({ type: v })}
          />
          <Select
            allowClear
            placeholder={t('org-life.meetings.state')}
            style={{ minWidth: 120 }}
            value={f.status}
            options={(['planned', 'recorded', 'signed', 'cancelled'] as const).map((x) => ({
              value: x,
              label: t(`org-life.mstatus.${x}`),
            }))}
            onChange={(v) => set({ status: v })}
          />
          <DatePicker.RangePicker
            picker="month"
            value={f.from && f.to ? [dayjs(f.from), dayjs(f.to)] : null}
            onChange={(v) =>
              set({
                from: v?.[0]?.startOf('month').format('YYYY-MM-DD'),
                to: v?.[1]?.endOf('month').format('YYYY-MM-DD'),
              })
            }
          />
        </>
      }
      columns={[
        { title: t('org-life.org'), dataIndex: 'orgName' },
        { title: t('org-life.type'), dataIndex: 'typeName' },
        {
          title: t('org-life.topic'),
          dataIndex: 'topic',
          render: (v: string, r) => <Link to={`/org-life/meetings/${r.id}`}>{v}</Link>,
        },
        {
          title: t('org-life.heldOn'),
          render: (_, r) => r.heldOn ?? `${r.plannedOn}（${t('org-life.plannedOn')}）`,
        },
        {
          title: t('org-life.actual'),
          render: (_, r) => (r.expectedCount === null ? '—' : `${r.presentCount}/${r.expectedCount}`),
        },
        {
          title: t('org-life.meetings.state'),
          render: (_, r) => (
            <Space size={4} wrap>
              <Tag color={MEETING_STATUS_COLORS[r.status]}>{t(`org-life.mstatus.${r.status}`)}</Tag>
              {r.inspectionStatus !== 'none' && (
                <Tag color={r.inspectionStatus === 'accepted' ? 'green' : 'red'}>
                  {t(`org-life.inspection.${r.inspectionStatus}`)}
                </Tag>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}
