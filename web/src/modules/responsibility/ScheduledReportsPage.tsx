import {
  Alert,
  Button,
  DatePicker,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import {
  type ReportDto,
  type RoundDto,
  reportEndpoints,
} from '../../../../server/src/modules/responsibility/responsibility.reports.contract.ts';
import { useSession } from '../../app/session.tsx';
import { createClient } from '../../shared/client.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { ModalForm } from '../../shared/ModalForm.tsx';
import { useMessage } from '../../shared/message.ts';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { useList } from '../../shared/useList.ts';
import { usePageOrg } from '../../shared/usePageOrg.ts';

const reportApi = createClient(reportEndpoints);
const STATUS_COLORS: Record<ReportDto['status'], string> = {
  requested: 'default',
  submitted: 'blue',
  returned: 'orange',
  accepted: 'green',
};

/** `/scheduled-reports` (写实调度): the quarter's reports of the streets, filled from their items, reviewed above. */
export default function ScheduledReportsPage() {
  const t = useT();
  const message = useMessage();
  const { me, can } = useSession();
  const { orgId, setOrgId } = usePageOrg(me?.roles);
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [rounds, setRounds] = useState<RoundDto[]>([]);
  const [isRequesting, setRequesting] = useState(false);
  const [open, setOpen] = useState<ReportDto | null>(null);
  const list = useList<ReportDto, { orgId?: number; year: number }>(
    ({ filters: f }, signal) =>
      f.orgId
        ? reportApi.list({ query: { orgId: f.orgId, year: f.year }, signal })
        : Promise.resolve({ data: [] }),
    { filters: { orgId, year } },
  );
  const roundsKey = `${orgId}-${year}-${list.rows.length}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the rounds follow the list's reloads
  useEffect(() => {
    if (!orgId) return;
    reportApi.rounds({ query: { orgId, year } }).then(
      (r) => setRounds(r.data),
      () => setRounds([]),
    );
  }, [roundsKey]);
  const changed = (r: ReportDto, done: string) => {
    message.success(t(done));
    setOpen(r);
    list.updateRows((rows) => rows.map((x) => (x.id === r.id ? r : x)));
  };
  return (
    <ListPage<ReportDto, { orgId?: number; year: number }>
      title={t('responsibility.reports.title')}
      intro={t('responsibility.reports.intro')}
      list={list}
      rowKey={(r) => r.id}
      testId="scheduled-reports"
      rowTestId={(r) => `report-${r.orgId}`}
      onRowClick={setOpen}
      emptyText={t('responsibility.reports.empty')}
      actions={
        can('responsibility.manage') ? (
          <Button type="primary" onClick={() => setRequesting(true)} data-testid="request-reports">
            {t('responsibility.reports.request')}
          </Button>
        ) : undefined
      }
      filters={
        <Space wrap>
          <OrgPicker
            value={orgId}
            onChange={(id) => setOrgId(id)}
            ariaLabel={t('responsibility.field.org')}
          />
          <Select
            aria-label={t('responsibility.field.year')}
            value={year}
            style={{ width: 110 }}
            onChange={setYear}
            options={[0, 1, 2].map((d) => ({ value: thisYear - d, label: `${thisYear - d}` }))}
          />
        </Space>
      }
      notice={
        rounds.length > 0 ? (
          <Space wrap size={4} style={{ marginBottom: 8 }}>
            {rounds.map((r) => (
              <Tag key={r.id} style={{ whiteSpace: 'normal' }}>
                {t('responsibility.reports.roundLine', {
                  title: r.title,
                  reports: r.reports,
                  submitted: r.submitted,
                  returned: r.returned,
                  accepted: r.accepted,
                })}
              </Tag>
            ))}
          </Space>
        ) : undefined
      }
      columns={[
        { title: t('responsibility.field.org'), dataIndex: 'orgName' },
        { title: t('responsibility.reports.round'), dataIndex: 'roundTitle' },
        {
          title: t('responsibility.field.status'),
          dataIndex: 'status',
          render: (s: ReportDto['status'], r: ReportDto) => (
            <Space size={4} wrap>
              <Tag color={STATUS_COLORS[s]}>{t(`responsibility.reports.status.${s}`)}</Tag>
              {r.late && <Tag color="red">{t('responsibility.late')}</Tag>}
            </Space>
          ),
        },
        {
          title: t('responsibility.reports.figures'),
          key: 'figures',
          render: (_: unknown, r: ReportDto) => t('responsibility.reports.figuresLine', r.figures),
        },
        {
          title: t('responsibility.reports.submittedOn'),
          dataIndex: 'submittedOn',
          render: (v: string | null, r: ReportDto) =>
            v ?? t('responsibility.reports.dueOn', { due: r.dueOn }),
        },
      ]}
    >
      <ModalForm
        open={isRequesting}
        title={t('responsibility.reports.request')}
        okText={t('responsibility.reports.request')}
        initialValues={{
          quarter: Math.max(1, Math.ceil((new Date().getMonth() + 1) / 3)),
          sections: t('responsibility.reports.defaultSections'),
        }}
        fields={[
          {
            name: 'quarter',
            label: t('responsibility.reports.quarter'),
            required: true,
            input: <InputNumber min={1} max={4} />,
          },
          { name: 'title', label: t('responsibility.reports.roundTitle'), required: true, input: <Input /> },
          {
            name: 'sections',
            label: t('responsibility.reports.sections'),
            required: true,
            input: <Input.TextArea rows={3} />,
          },
          { name: 'dueOn', label: t('responsibility.reports.due'), required: true, input: <DatePicker /> },
        ]}
        onSubmit={async (v) => {
          if (!orgId) return;
          await reportApi.request({
            params: { id: orgId },
            body: {
              year,
              quarter: Number(v.quarter),
              title: String(v.title),
              sections: String(v.sections)
                .split(/[\n、,，]/)
                .map((s) => s.trim())
                .filter(Boolean),
              dueOn: (v.dueOn as Dayjs).format('YYYY-MM-DD'),
            },
          });
          message.success(t('responsibility.reports.requested'));
          list.reload();
        }}
        onClose={() => setRequesting(false)}
      />
      {open && <ReportModal report={open} onClose={() => setOpen(null)} onChanged={changed} />}
    </ListPage>
  );
}

function ReportModal({
  report,
  onClose,
  onChanged,
}: {
  report: ReportDto;
  onClose: () => void;
  onChanged: (r: ReportDto, done: string) => void;
}) {
  const t = useT();
  const [sections, setSections] = useState(report.sections);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setSections(report.sections), [report]);
  const can = report.abilities ?? {};
  const run = async (call: () => Promise<{ data: ReportDto }>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      onChanged((await call()).data, done);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const params = { id: report.id };
  const save = () => reportApi.save({ params, body: { sections } });
  return (
    <Modal
      open
      title={`${report.orgName} · ${report.roundTitle}`}
      onCancel={onClose}
      width={760}
      footer={
        <Space wrap style={{ justifyContent: 'flex-end' }}>
          {can.refresh && (
            <Button
              disabled={busy}
              onClick={() =>
                run(() => reportApi.refresh({ params, body: {} }), 'responsibility.reports.refreshed')
              }
            >
              {t('responsibility.reports.refresh')}
            </Button>
          )}
          {can.save && (
            <Button
              disabled={busy}
              onClick={() => run(save, 'responsibility.reports.saved')}
              data-testid="report-save"
            >
              {t('responsibility.reports.save')}
            </Button>
          )}
          {can.save && (
            <Button
              type="primary"
              disabled={busy}
              data-testid="report-submit"
              onClick={() =>
                run(async () => {
                  await save();
                  return reportApi.submit({ params, body: {} });
                }, 'responsibility.reports.submitted')
              }
            >
              {t('responsibility.reports.submit')}
            </Button>
          )}
          {can.giveBack && (
            <Button
              danger
              disabled={busy || !comment.trim()}
              onClick={() =>
                run(
                  () => reportApi.giveBack({ params, body: { comment } }),
                  'responsibility.reports.returned',
                )
              }
            >
              {t('responsibility.reports.giveBack')}
            </Button>
          )}
          {can.accept && (
            <Button
              type="primary"
              disabled={busy}
              data-testid="report-accept"
              onClick={() =>
                run(
                  () => reportApi.accept({ params, body: comment.trim() ? { comment } : {} }),
                  'responsibility.reports.accepted',
                )
              }
            >
              {t('responsibility.reports.accept')}
            </Button>
          )}
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap size={4}>
          <Tag color={STATUS_COLORS[report.status]}>
            {t(`responsibility.reports.status.${report.status}`)}
          </Tag>
          <span>{t('responsibility.reports.figuresLine', report.figures)}</span>
        </Space>
        {report.reviewComment && (
          <Alert
            type={report.status === 'returned' ? 'warning' : 'info'}
            message={`${report.reviewedByName ?? ''}：${report.reviewComment}`}
          />
        )}
        {sections.map((s, i) => (
          <div key={s.title}>
            <Typography.Text strong>{s.title}</Typography.Text>
            {can.save ? (
              <Input.TextArea
                aria-label={s.title}
                rows={3}
                value={s.text}
                onChange={(e) =>
                  setSections(sections.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))
                }
              />
            ) : (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{s.text || '—'}</Typography.Paragraph>
            )}
          </div>
        ))}
        <Typography.Text strong>{t('responsibility.reports.items')}</Typography.Text>
        <List
          size="small"
          dataSource={report.items}
          style={{ maxHeight: 240, overflow: 'auto' }}
          renderItem={(i) => (
            <List.Item>
              <Space wrap size={4}>
                <span>{i.title}</span>
                <Tag>{i.progress}%</Tag>
                {i.late && <Tag color="red">{t('responsibility.late')}</Tag>}
                <Typography.Text type="secondary">{i.lastReport ?? ''}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
        {(can.giveBack || can.accept) && (
          <Input.TextArea
            aria-label={t('responsibility.reports.comment')}
            placeholder={t('responsibility.reports.comment')}
            rows={2}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        )}
        {error && <Alert type="error" message={error} />}
      </Space>
    </Modal>
  );
}
