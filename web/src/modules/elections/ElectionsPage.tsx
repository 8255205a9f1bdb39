import {
  Button,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import type { z } from 'zod';
import {
  type adjustmentSchema,
  CANDIDATE_GROUPS,
  CHECKLIST,
  type electionSchema,
  electionsEndpoints,
  TERM_STATUSES,
  type termRow,
} from '../../../../server/src/modules/elections/elections.contract.ts';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import { createClient } from '../../shared/client.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { useMessage } from '../../shared/message.ts';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { type FormValues, useFormDialog } from '../../shared/useFormDialog.tsx';
import { useList } from '../../shared/useList.ts';
import { usePageOrg } from '../../shared/usePageOrg.ts';

const electionsApi = createClient(electionsEndpoints);
type TermRow = z.output<typeof termRow>;
type Election = z.output<typeof electionSchema>;
type Adjustment = z.output<typeof adjustmentSchema>;
type TermStatus = (typeof TERM_STATUSES)[number];
const TERM_COLORS: Record<TermStatus, string> = { ok: 'green', due: 'gold', overdue: 'red', none: 'default' };

/** `/elections`: committees' terms (due and overdue first), postponements, and each election's steps. */
export default function ElectionsPage() {
  const t = useT();
  const msg = useMessage();
  const { orgId, setOrgId, params, setParams } = usePageOrg(useSession().me?.roles);
  const status = (TERM_STATUSES as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as TermStatus)
    : undefined;
  const tab = params.get('tab') ?? 'terms';
  const setParam = (key: string, value?: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const terms = useList<TermRow, { orgId?: number; status?: TermStatus }>(
    async ({ filters: f }, signal) =>
      f.orgId ? electionsApi.terms({ query: { orgId: f.orgId, status: f.status }, signal }) : { data: [] },
    { filters: { orgId, status }, pageSize: 50 },
  );
  const elections = useList<Election, { orgId?: number }>(
    async ({ filters: f }, signal) =>
      f.orgId ? electionsApi.elections({ query: { orgId: f.orgId }, signal }) : { data: [] },
    { filters: { orgId } },
  );
  const adjustments = useList<Adjustment, { orgId?: number }>(
    async ({ filters: f }, signal) =>
      f.orgId ? electionsApi.adjustments({ query: { orgId: f.orgId }, signal }) : { data: [] },
    { filters: { orgId } },
  );
  const reload = () => {
    terms.reload();
    elections.reload();
    adjustments.reload();
  };
  const form = useFormDialog({ okText: t('elections.ok'), doneText: t('elections.done'), after: reload });
  const step = async (path: string, body: unknown = {}) => {
    try {
      await api.post(path, body);
      msg.success(t('elections.done'));
      reload();
    } catch (e) {
      msg.error(errorText(e));
    }
  };
  const lines = (v: unknown) =>
    String(v ?? '')
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);

  const electionButtons = (e: Election) => {
    const a = e.abilities ?? {};
    const base = `/elections/${e.id}`;
    return (
      <Space size={4} wrap>
        {a.approve && (
          <Button size="small" type="primary" onClick={() => step(`${base}/approve`)}>
            {t('elections.action.approve')}
          </Button>
        )}
        {a.prepare && (
          <Button
            size="small"
            data-testid="election-checklist"
            onClick={() =>
              form.open({
                title: t('elections.action.prepare'),
                initialValues: { done: CHECKLIST.filter((c) => e.checklist[c]) },
                fields: [
                  {
                    name: 'done',
                    label: t('elections.field.checklist'),
                    input: (
                      <Checkbox.Group
                        style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
                        options={CHECKLIST.map((c) => ({ value: c, label: t(`elections.check.${c}`) }))}
                      />
                    ),
                  },
                ],
                submit: (v: FormValues) => {
                  const done = new Set((v.done as string[] | undefined) ?? []);
                  return api.post(
                    `${base}/checklist`,
                    Object.fromEntries(CHECKLIST.map((c) => [c, done.has(c)])),
                  );
                },
              })
            }
          >
            {t('elections.action.prepare')}
          </Button>
        )}
        {a.nominate && (
          <Button
            size="small"
            type="primary"
            onClick={() =>
              form.open({
                title: `${t('elections.action.nominate')} · ${t('elections.minCandidates', { n: e.minCandidates })}`,
                // village and community: the three groups of the "三个三分之一" structure, one name a line
                fields: e.villageOrCommunity
                  ? CANDIDATE_GROUPS.map((g) => ({
                      name: g,
                      label: t(`elections.group.${g}`),
                      input: <Input.TextArea rows={3} />,
                    }))
                  : [
                      {
                        name: 'candidates',
                        label: t('elections.field.candidates'),
                        required: true,
                        input: <Input.TextArea rows={6} />,
                      },
                    ],
                submit: (v: FormValues) =>
                  api.post(`${base}/candidates`, {
                    candidates: e.villageOrCommunity
                      ? CANDIDATE_GROUPS.flatMap((group) => lines(v[group]).map((name) => ({ name, group })))
                      : lines(v.candidates).map((name) => ({ name })),
                  }),
              })
            }
          >
            {t('elections.action.nominate')}
          </Button>
        )}
        {a.review && (
          <Button size="small" type="primary" onClick={() => step(`${base}/review`)}>
            {t('elections.action.review')}
          </Button>
        )}
        {a.vote && (
          <Button
            size="small"
            type="primary"
            onClick={() =>
              form.open({
                title: t('elections.action.vote'),
                initialValues: { votedOn: dayjs(), votes: e.candidates.map((c) => `${c.name} 0`).join('\n') },
                fields: [
                  {
                    name: 'votedOn',
                    label: t('elections.field.votedOn'),
                    required: true,
                    input: <DatePicker style={{ width: '100%' }} />,
                  },
                  {
                    name: 'entitled',
                    label: t('elections.field.entitled'),
                    required: true,
                    input: <InputNumber min={1} />,
                  },
                  {
                    name: 'present',
                    label: t('elections.field.present'),
                    required: true,
                    input: <InputNumber min={0} />,
                  },
                  {
                    name: 'votes',
                    label: t('elections.field.votes'),
                    required: true,
                    input: <Input.TextArea rows={6} />,
                  },
                ],
                submit: (v: FormValues) =>
                  api.post(`${base}/vote`, {
                    votedOn: (v.votedOn as dayjs.Dayjs).format('YYYY-MM-DD'),
                    entitled: Number(v.entitled),
                    present: Number(v.present),
                    votes: Object.fromEntries(
                      lines(v.votes).map((l) => {
                        const [name, n] = l.split(/\s+/);
                        return [name, Number(n) || 0];
                      }),
                    ),
                  }),
              })
            }
          >
            {t('elections.action.vote')}
          </Button>
        )}
        {a.officers && (
          <Button
            size="small"
            type="primary"
            onClick={() =>
              form.open({
                title: t('elections.action.officers'),
                fields: [
                  {
                    name: 'secretary',
                    label: t('elections.field.secretary'),
                    required: true,
                    input: <Select options={(e.elected ?? []).map((n) => ({ value: n, label: n }))} />,
                  },
                  {
                    name: 'deputy',
                    label: t('elections.field.deputy'),
                    input: (
                      <Select allowClear options={(e.elected ?? []).map((n) => ({ value: n, label: n }))} />
                    ),
                  },
                ],
                submit: (v: FormValues) =>
                  api.post(`${base}/officers`, { secretary: v.secretary, deputy: v.deputy || undefined }),
              })
            }
          >
            {t('elections.action.officers')}
          </Button>
        )}
        {a.confirm && (
          <Button size="small" type="primary" onClick={() => step(`${base}/confirm`)}>
            {t('elections.action.confirm')}
          </Button>
        )}
      </Space>
    );
  };

  const termButtons = (r: TermRow) => (
    <Space size={4} wrap>
      {r.abilities?.startTerm && (
        <Button
          size="small"
          onClick={() =>
            form.open({
              title: `${t('elections.action.startTerm')} · ${r.orgName}`,
              fields: [
                {
                  name: 'startedOn',
                  label: t('elections.field.startedOn'),
                  required: true,
                  input: <DatePicker style={{ width: '100%' }} />,
                },
              ],
              submit: (v: FormValues) =>
                api.post(`/orgs/${r.orgId}/terms`, {
                  startedOn: (v.startedOn as dayjs.Dayjs).format('YYYY-MM-DD'),
                }),
            })
          }
        >
          {t('elections.action.startTerm')}
        </Button>
      )}
      {r.abilities?.requestAdjustment && (
        <Button
          size="small"
          data-testid="term-adjust"
          onClick={() =>
            form.open({
              title: `${t('elections.action.adjust')} · ${r.orgName}`,
              initialValues: { kind: 'postpone', months: 6 },
              fields: [
                {
                  name: 'kind',
                  label: t('elections.field.kind'),
                  required: true,
                  input: (
                    <Select
                      options={(['postpone', 'early'] as const).map((k) => ({
                        value: k,
                        label: t(`elections.adj.${k}`),
                      }))}
                    />
                  ),
                },
                {
                  name: 'months',
                  label: t('elections.field.months'),
                  required: true,
                  input: <InputNumber min={1} max={12} style={{ width: '100%' }} />,
                },
                {
                  name: 'reason',
                  label: t('elections.field.reason'),
                  required: true,
                  input: <Input.TextArea rows={3} />,
                },
              ],
              submit: (v: FormValues) =>
                api.post(`/orgs/${r.orgId}/term/adjustments`, {
                  kind: v.kind,
                  months: Number(v.months),
                  reason: v.reason,
                }),
            })
          }
        >
          {t('elections.action.adjust')}
        </Button>
      )}
    </Space>
  );

  const orgFilter = (
    <Form.Item label={t('elections.field.org')}>
      <OrgPicker value={orgId} onChange={(id) => setOrgId(id)} />
    </Form.Item>
  );

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
        {t('elections.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('elections.intro')}
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParam('tab', k)}
        items={[
          {
            key: 'terms',
            label: t('elections.tab.terms'),
            children: (
              <ListPage<TermRow, { orgId?: number; status?: TermStatus }>
                bare
                list={terms}
                rowKey={(r) => r.orgId}
                testId="terms-list"
                filters={
                  <>
                    {orgFilter}
                    <Form.Item label={t('elections.field.status')}>
                      <Select
                        allowClear
                        style={{ minWidth: 140 }}
                        value={status}
                        onChange={(s?: string) => setParam('status', s)}
                        options={TERM_STATUSES.map((s) => ({ value: s, label: t(`elections.term.${s}`) }))}
                      />
                    </Form.Item>
                  </>
                }
                columns={[
                  { title: t('elections.field.org'), dataIndex: 'orgName' },
                  {
                    title: t('elections.field.status'),
                    dataIndex: 'status',
                    render: (s: TermStatus) => <Tag color={TERM_COLORS[s]}>{t(`elections.term.${s}`)}</Tag>,
                  },
                  { title: t('elections.field.startedOn'), dataIndex: 'startedOn' },
                  { title: t('elections.field.endsOn'), dataIndex: 'endsOn' },
                  { title: t('elections.field.remindFrom'), dataIndex: 'remindFrom' },
                  { title: t('elections.field.length'), dataIndex: 'lengthYears' },
                  { title: t('common.table.actions'), key: 'actions', render: (_, r) => termButtons(r) },
                ]}
              />
            ),
          },
          {
            key: 'elections',
            label: t('elections.tab.elections'),
            children: (
              <ListPage<Election, { orgId?: number }>
                bare
                list={elections}
                rowKey={(r) => r.id}
                filters={orgFilter}
                actions={
                  orgId ? (
                    <Button
                      type="primary"
                      onClick={() =>
                        form.open({
                          title: t('elections.action.request'),
                          initialValues: { seats: 5 },
                          fields: [
                            {
                              name: 'seats',
                              label: t('elections.field.seats'),
                              required: true,
                              input: <InputNumber min={1} max={15} />,
                            },
                            {
                              name: 'reason',
                              label: t('elections.field.reason'),
                              input: <Input.TextArea rows={3} />,
                            },
                          ],
                          submit: (v: FormValues) =>
                            electionsApi.request({
                              params: { id: orgId },
                              body: { seats: Number(v.seats), reason: (v.reason as string) || undefined },
                            }),
                        })
                      }
                    >
                      {t('elections.action.request')}
                    </Button>
                  ) : null
                }
                columns={[
                  { title: t('elections.field.org'), dataIndex: 'orgName' },
                  {
                    title: t('elections.field.status'),
                    dataIndex: 'status',
                    render: (s: string) => t(`elections.status.${s}`),
                  },
                  { title: t('elections.field.seats'), dataIndex: 'seats' },
                  {
                    title: t('elections.field.candidateNames'),
                    key: 'candidates',
                    render: (_, e) => e.candidates.map((c) => c.name).join('、') || '—',
                  },
                  {
                    title: t('elections.field.checklist'),
                    key: 'checklist',
                    render: (_, e) => (
                      <Space size={2} wrap>
                        {CHECKLIST.map((c) => (
                          <Tag key={c} color={e.checklist[c] ? 'green' : 'default'}>
                            {t(`elections.check.${c}`)}
                          </Tag>
                        ))}
                      </Space>
                    ),
                  },
                  {
                    title: t('elections.field.structure'),
                    key: 'structure',
                    render: (_, e) =>
                      e.candidates.length ? (
                        <Tag color={e.structure.balanced ? 'green' : 'orange'}>
                          {t(e.structure.balanced ? 'elections.balanced' : 'elections.unbalanced')}
                        </Tag>
                      ) : (
                        '—'
                      ),
                  },
                  {
                    title: t('elections.field.elected'),
                    key: 'elected',
                    render: (_, e) => e.elected?.join('、') ?? '—',
                  },
                  { title: t('common.table.actions'), key: 'actions', render: (_, e) => electionButtons(e) },
                ]}
              />
            ),
          },
          {
            key: 'adjustments',
            label: t('elections.tab.adjustments'),
            children: (
              <ListPage<Adjustment, { orgId?: number }>
                bare
                list={adjustments}
                rowKey={(r) => r.id}
                columns={[
                  { title: t('elections.field.org'), dataIndex: 'orgName' },
                  {
                    title: t('elections.field.kind'),
                    dataIndex: 'kind',
                    render: (k: string) => t(`elections.adj.${k}`),
                  },
                  { title: t('elections.field.months'), dataIndex: 'months' },
                  { title: t('elections.field.endsOn'), dataIndex: 'newEndsOn' },
                  { title: t('elections.field.reason'), dataIndex: 'reason' },
                  {
                    title: t('elections.field.status'),
                    dataIndex: 'status',
                    render: (s: string) => t(`elections.adj.${s}`),
                  },
                  {
                    title: t('common.table.actions'),
                    key: 'actions',
                    render: (_, r) => (
                      <Space size={4} wrap>
                        {r.abilities?.approve && (
                          <Button
                            size="small"
                            type="primary"
                            onClick={() => step(`/elections/adjustments/${r.id}/approve`)}
                          >
                            {t('elections.action.approve')}
                          </Button>
                        )}
                        {r.abilities?.reject && (
                          <Button
                            size="small"
                            danger
                            onClick={() =>
                              form.open({
                                title: t('elections.action.reject'),
                                fields: [
                                  {
                                    name: 'reason',
                                    label: t('elections.field.reason'),
                                    required: true,
                                    input: <Input.TextArea rows={3} />,
                                  },
                                ],
                                submit: (v: FormValues) =>
                                  api.post(`/elections/adjustments/${r.id}/reject`, { reason: v.reason }),
                              })
                            }
                          >
                            {t('elections.action.reject')}
                          </Button>
                        )}
                      </Space>
                    ),
                  },
                ]}
              />
            ),
          },
        ]}
      />
      {form.dialog}
    </Space>
  );
}
