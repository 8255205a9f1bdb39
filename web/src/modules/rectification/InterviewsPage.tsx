import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Input,
  List,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import {
  type InterviewDto,
  interviewEndpoints,
} from '../../../../server/src/modules/rectification/rectification.interviews.contract.ts';
import { useSession } from '../../app/session.tsx';
import { createClient } from '../../shared/client.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { ModalForm } from '../../shared/ModalForm.tsx';
import { useMessage } from '../../shared/message.ts';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { usePageOrg } from '../../shared/usePageOrg.ts';
import { followUpsOf } from './followUps.ts';

const interviewApi = createClient(interviewEndpoints);
type Candidate = Awaited<ReturnType<typeof interviewApi.candidates>>['data'][number];
type Dialog =
  | { kind: 'record'; orgId: number; orgName: string }
  | { kind: 'note' | 'conclude'; interview: InterviewDto }
  | null;

/** `/interviews`: who fell short repeatedly below the organization, the interviews held, their follow-up. */
export default function InterviewsPage() {
  const t = useT();
  const message = useMessage();
  const { orgId, setOrgId } = usePageOrg(useSession().me?.roles);
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);
  const [interviews, setInterviews] = useState<InterviewDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const load = useCallback(() => {
    if (!orgId) return;
    setError(null);
    Promise.all([
      interviewApi.candidates({ query: { orgId } }),
      interviewApi.list({ query: { orgId } }),
    ]).then(
      ([c, i]) => {
        setCandidates(c.data);
        setInterviews(i.data);
      },
      (e) => setError(errorText(e)),
    );
  }, [orgId]);
  useEffect(load, [load]);
  const saved = () => {
    message.success(t('rectification.interviews.done'));
    load();
  };
  return (
    <Card title={t('rectification.interviews.title')}>
      <Typography.Paragraph type="secondary">{t('rectification.interviews.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgPicker value={orgId} onChange={(id) => setOrgId(id)} ariaLabel={t('rectification.field.org')} />
      </Space>
      {error && <Alert type="error" message={error} />}
      {!error && (!candidates || !interviews) && <Spin />}
      {candidates && interviews && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Card size="small" title={t('rectification.interviews.candidates')}>
            <List
              size="small"
              locale={{ emptyText: t('rectification.interviews.noCandidates') }}
              dataSource={candidates}
              renderItem={(c) => (
                <List.Item
                  actions={[
                    <Button
                      key="record"
                      size="small"
                      onClick={() => setDialog({ kind: 'record', orgId: c.orgId, orgName: c.orgName })}
                    >
                      {t('rectification.interviews.record')}
                    </Button>,
                  ]}
                >
                  <List.Item.Meta
                    title={c.orgName}
                    description={t('rectification.interviews.candidateLine', c)}
                  />
                </List.Item>
              )}
            />
          </Card>
          {interviews.length === 0 && <Empty description={t('rectification.interviews.empty')} />}
          {interviews.map((iv) => (
            <InterviewCard key={iv.id} interview={iv} onAct={(kind) => setDialog({ kind, interview: iv })} />
          ))}
        </Space>
      )}
      <ModalForm
        open={dialog?.kind === 'record'}
        title={dialog?.kind === 'record' ? `${t('rectification.interviews.record')}：${dialog.orgName}` : ''}
        okText={t('rectification.interviews.record')}
        fields={[
          {
            name: 'secretaryName',
            label: t('rectification.interviews.secretary'),
            required: true,
            input: <Input />,
          },
          {
            name: 'heldOn',
            label: t('rectification.interviews.heldOn'),
            required: true,
            input: <DatePicker />,
          },
          {
            name: 'interviewers',
            label: t('rectification.interviews.interviewers'),
            required: true,
            input: <Input />,
          },
          {
            name: 'reason',
            label: t('rectification.interviews.reason'),
            required: true,
            input: <Input.TextArea rows={2} />,
          },
          {
            name: 'record',
            label: t('rectification.interviews.talk'),
            required: true,
            input: <Input.TextArea rows={4} />,
          },
          {
            name: 'commitments',
            label: t('rectification.interviews.commitments'),
            required: true,
            input: <Input.TextArea rows={2} />,
          },
          {
            name: 'followUps',
            label: t('rectification.interviews.followUp'),
            input: <Input.TextArea rows={3} />,
          },
        ]}
        onSubmit={async (v) => {
          if (dialog?.kind !== 'record') return;
          const secretaryName = String(v.secretaryName);
          await interviewApi.create({
            params: { id: dialog.orgId },
            body: {
              secretaryName,
              heldOn: (v.heldOn as Dayjs).format('YYYY-MM-DD'),
              interviewers: String(v.interviewers),
              reason: String(v.reason),
              record: String(v.record),
              commitments: String(v.commitments),
              followUps: followUpsOf(v.followUps, secretaryName),
            },
          });
          saved();
        }}
        onClose={() => setDialog(null)}
      />
      <ModalForm
        open={dialog?.kind === 'note' || dialog?.kind === 'conclude'}
        title={dialog && dialog.kind !== 'record' ? dialog.interview.orgName : ''}
        okText={t(
          dialog?.kind === 'conclude'
            ? 'rectification.interviews.conclude'
            : 'rectification.interviews.addNote',
        )}
        fields={[
          dialog?.kind === 'conclude'
            ? {
                name: 'text',
                label: t('rectification.interviews.conclusion'),
                required: true,
                input: <Input.TextArea rows={3} />,
              }
            : {
                name: 'text',
                label: t('rectification.interviews.note'),
                required: true,
                input: <Input.TextArea rows={3} />,
              },
        ]}
        onSubmit={async (v) => {
          if (!dialog || dialog.kind === 'record') return;
          const params = { id: dialog.interview.id };
          if (dialog.kind === 'conclude')
            await interviewApi.conclude({ params, body: { conclusion: String(v.text) } });
          else await interviewApi.followUp({ params, body: { note: String(v.text) } });
          saved();
        }}
        onClose={() => setDialog(null)}
      />
    </Card>
  );
}

function InterviewCard({
  interview: iv,
  onAct,
}: {
  interview: InterviewDto;
  onAct: (kind: 'note' | 'conclude') => void;
}) {
  const t = useT();
  return (
    <Card
      size="small"
      title={
        <Space wrap size={4}>
          <span style={{ whiteSpace: 'normal' }}>
            {iv.orgName} · {iv.secretaryName}
          </span>
          <Tag color={iv.status === 'open' ? 'orange' : 'green'}>
            {t(`rectification.interviews.status.${iv.status}`)}
          </Tag>
        </Space>
      }
      extra={
        <Space wrap size={4}>
          {iv.abilities?.followUp && (
            <Button size="small" onClick={() => onAct('note')}>
              {t('rectification.interviews.addNote')}
            </Button>
          )}
          {iv.abilities?.conclude && (
            <Button size="small" type="primary" onClick={() => onAct('conclude')}>
              {t('rectification.interviews.conclude')}
            </Button>
          )}
        </Space>
      }
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('rectification.interviews.heldOn')}>
          {iv.heldOn}（{iv.byOrgName}：{iv.interviewers}）
        </Descriptions.Item>
        <Descriptions.Item label={t('rectification.interviews.reason')}>{iv.reason}</Descriptions.Item>
        <Descriptions.Item label={t('rectification.interviews.talk')}>{iv.record}</Descriptions.Item>
        <Descriptions.Item label={t('rectification.interviews.commitments')}>
          {iv.commitments}
        </Descriptions.Item>
        {iv.findings.length > 0 && (
          <Descriptions.Item label={t('rectification.interviews.findings')}>
            {iv.findings.map((f) => `${f.campaignTitle}：${f.description}`).join('；')}
          </Descriptions.Item>
        )}
        {iv.items.length > 0 && (
          <Descriptions.Item label={t('rectification.interviews.items')}>
            <Space wrap size={4}>
              {iv.items.map((i) => (
                <Tag key={i.id}>
                  {i.title}（{t(`rectification.status.${i.status}`)}，{i.deadline}）
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
        )}
        {iv.notes.map((n) => (
          <Descriptions.Item key={n.at} label={t('rectification.interviews.note')}>
            {n.note}（{n.byName}，{new Date(n.at).toLocaleDateString('zh-CN')}）
          </Descriptions.Item>
        ))}
        {iv.conclusion && (
          <Descriptions.Item label={t('rectification.interviews.conclusion')}>
            {iv.conclusion}
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}
