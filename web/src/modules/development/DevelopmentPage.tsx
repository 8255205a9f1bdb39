import { UploadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Statistic,
  Tag,
  Tooltip,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { z } from 'zod';
import {
  DEVELOPMENT_STAGES,
  type DevelopmentCaseView,
  type developmentSummaryResponse,
} from '../../../../server/src/modules/development/development.contract.ts';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { useMessage } from '../../shared/message.ts';
import { useFormDialog } from '../../shared/useFormDialog.tsx';
import { useList } from '../../shared/useList.ts';
import { usePageOrg } from '../../shared/usePageOrg.ts';

type Summary = z.infer<typeof developmentSummaryResponse>['data'];
interface Filters {
  orgId?: number;
  stage?: number;
  timing?: 'ok' | 'due' | 'late';
}
const TIMING_COLOR = { ok: 'green', due: 'gold', late: 'red' } as const;
const num = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : Number(v));

/** `/development`: the branch's pipeline (due, late) and, for the level above, counts per stage. */
export default function DevelopmentPage() {
  const t = useT();
  const { me } = useSession();
  const { orgId } = usePageOrg(me?.roles ?? []);
  const msg = useMessage();
  const [summary, setSummary] = useState<Summary | null>(null);
  const list = useList<DevelopmentCaseView, Filters>(
    ({ filters: { orgId: id, ...filters } }, signal) =>
      id
        ? api.get<{ data: DevelopmentCaseView[] }>(`/orgs/${id}/development`, { ...filters }, { signal })
        : Promise.resolve({ data: [] }),
    { initialFilters: { orgId } },
  );
  useEffect(() => {
    if (orgId)
      api.get<{ data: Summary }>(`/orgs/${orgId}/development/summary`).then((r) => setSummary(r.data));
  }, [orgId]);
  const reload = () => {
    list.reload();
    if (orgId)
      api.get<{ data: Summary }>(`/orgs/${orgId}/development/summary`).then((r) => setSummary(r.data));
  };
  const { open, dialog } = useFormDialog({
    okText: t('common.action.save'),
    doneText: t('development.done'),
    after: reload,
  });

  const record = {
    name: 'record',
    label: t('development.field.record'),
    input: <Input.TextArea rows={2} />,
    required: true,
  };
  const stepDialog = (c: DevelopmentCaseView, action: 'complete' | 'approve') => {
    const fields = [record];
    if (c.step === 11) {
      fields.push(
        {
          name: 'trainingDays',
          label: t('development.field.trainingDays'),
          input: <InputNumber min={0} />,
          required: false,
        },
        {
          name: 'trainingHours',
          label: t('development.field.trainingHours'),
          input: <InputNumber min={0} />,
          required: false,
        },
      );
    }
    const vote = c.step === 15 || c.step === 23;
    if (vote) {
      for (const k of ['expected', 'present', 'yes', 'no', 'abstain']) {
        fields.push({
          name: k,
          label: t(`development.field.${k}`),
          input: <InputNumber min={0} />,
          required: true,
        });
      }
    }
    open({
      title: `${c.name} · ${c.stepTitle}`,
      fields,
      submit: (v) =>
        api.post(`/development/${c.id}/${action}`, {
          record: v.record,
          trainingDays: num(v.trainingDays),
          trainingHours: num(v.trainingHours),
          vote: vote
            ? {
                expectedVoting: num(v.expected),
                presentVoting: num(v.present),
                yes: num(v.yes),
                no: num(v.no),
                abstain: num(v.abstain),
              }
            : undefined,
        }),
    });
  };
  const applyDialog = () =>
    open({
      title: t('development.apply'),
      fields: [
        { name: 'name', label: t('development.field.name'), input: <Input />, required: true },
        {
          name: 'idNumber',
          label: t('development.field.idNumber'),
          input: <Input maxLength={18} />,
          required: true,
        },
        { name: 'appliedOn', label: t('development.field.appliedOn'), input: <DatePicker />, required: true },
        {
          name: 'relativeOfCadre',
          label: t('development.field.relative'),
          input: <Checkbox />,
          required: false,
        },
      ],
      submit: (v) =>
        api.post(`/orgs/${orgId}/development`, {
          name: v.name,
          idNumber: v.idNumber,
          appliedOn: (v.appliedOn as { format: (f: string) => string }).format('YYYY-MM-DD'),
          relativeOfCadre: Boolean(v.relativeOfCadre),
        }),
    });
  const button = (c: DevelopmentCaseView, action: 'complete' | 'approve' | 'clearRelative') => {
    const reason = c.reasons[action];
    const onClick =
      action === 'clearRelative'
        ? () =>
            open({
              title: t('development.clearRelative'),
              fields: [
                {
                  name: 'reason',
                  label: t('development.field.reason'),
                  input: <Input.TextArea rows={2} />,
                  required: true,
                },
              ],
              submit: (v) => api.post(`/development/${c.id}/clear-relative`, { reason: v.reason }),
            })
        : () => stepDialog(c, action);
    return (
      <Tooltip key={action} title={reason}>
        <Button
          size="small"
          disabled={!c.abilities[action]}
          onClick={onClick}
          data-testid={`dev-${action}-${c.id}`}
        >
          {t(`development.${action}`)}
        </Button>
      </Tooltip>
    );
  };
  return (
    <ListPage<DevelopmentCaseView, Filters>
      title={t('development.title')}
      intro={t('development.intro')}
      testId="development-page"
      actions={
        <Space wrap>
          <Link to="/development/rules">{t('development.rules.link')}</Link>
          <Button type="primary" onClick={applyDialog} data-testid="dev-apply">
            {t('development.apply')}
          </Button>
        </Space>
      }
      notice={
        summary && (
          <Space wrap size={[24, 8]} style={{ marginBottom: 12 }}>
            {summary.stages.map((s) => (
              <Card size="small" key={s.stage} style={{ minWidth: 140 }}>
                <Statistic
                  title={s.title}
                  value={s.count}
                  suffix={s.late ? <Tag color="red">{s.late}</Tag> : null}
                />
              </Card>
            ))}
          </Space>
        )
      }
      filters={
        <Form layout="inline">
          <Form.Item label={t('development.filter.stage')}>
            <Select
              allowClear
              style={{ width: 200 }}
              value={list.filters.stage}
              onChange={(stage?: number) => list.setFilters({ ...list.filters, stage })}
              options={DEVELOPMENT_STAGES.map((label, i) => ({ value: i + 1, label }))}
            />
          </Form.Item>
          <Form.Item label={t('development.filter.timing')}>
            <Select
              allowClear
              style={{ width: 120 }}
              value={list.filters.timing}
              onChange={(timing?: Filters['timing']) => list.setFilters({ ...list.filters, timing })}
              options={(['late', 'due', 'ok'] as const).map((v) => ({
                value: v,
                label: t(`development.timing.${v}`),
              }))}
            />
          </Form.Item>
        </Form>
      }
      list={list}
      rowKey={(r) => r.id}
      scrollX={900}
      columns={[
        { title: t('development.col.name'), dataIndex: 'name' },
        { title: t('development.col.org'), dataIndex: 'orgName' },
        {
          title: t('development.col.step'),
          render: (_, r) => (
            <span>
              {r.step}. {r.stepTitle}
              {r.relativeFlag && !r.relativeCleared && (
                <Tag color="orange" style={{ marginLeft: 4 }}>
                  {t('development.relative')}
                </Tag>
              )}
            </span>
          ),
        },
        {
          title: t('development.col.timing'),
          render: (_, r) => (
            <Tooltip title={r.notes.join('；') || undefined}>
              <Tag color={TIMING_COLOR[r.timing]}>{t(`development.timing.${r.timing}`)}</Tag>
              {r.dueOn ?? ''}
            </Tooltip>
          ),
        },
        {
          title: t('development.col.actions'),
          render: (_, r) => (
            <Space wrap size={4}>
              {button(r, 'complete')}
              {button(r, 'approve')}
              {(r.abilities.complete || r.abilities.approve) && (
                <Upload
                  showUploadList={false}
                  accept="image/jpeg,image/png,image/webp,application/pdf"
                  customRequest={({ file }) => {
                    const body = new FormData();
                    body.append('file', file as Blob);
                    api
                      .upload(`/development/${r.id}/files`, body)
                      .then(() => msg.success(t('development.uploaded')))
                      .catch((e) => msg.error(errorText(e)));
                  }}
                >
                  <Button size="small" icon={<UploadOutlined />} data-testid={`dev-upload-${r.id}`}>
                    {t('development.upload')}
                  </Button>
                </Upload>
              )}
              {r.relativeFlag && !r.relativeCleared && button(r, 'clearRelative')}
            </Space>
          ),
        },
      ]}
    >
      {dialog}
    </ListPage>
  );
}
