import {
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Progress,
  Select,
  Space,
  Steps,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useParams } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { errorText, showFormError } from '../../shared/errors.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import { useRecord } from '../../shared/useRecord.tsx';
import { type ProposalStep, proposalsApi, STATUS_COLORS, STEPS } from './api.ts';

type FieldSpec = { name: string; label: string; input: ReactNode; required?: boolean };
interface ActionSpec {
  key: string;
  label: string;
  step: ProposalStep;
  fields?: FieldSpec[];
  danger?: boolean;
  /** Turn form values into the request body. */
  body?: (v: Record<string, unknown>) => unknown;
  taskId?: number;
}

const iso = (d: unknown) => (d as Dayjs | undefined)?.format('YYYY-MM-DD');

/** `/proposals/:id`: the five steps for residents (support, comment, confirm/reopen) and the desk. */
export default function ProposalDetailPage() {
  const t = useT();
  const id = Number(useParams().id);
  const {
    record: p,
    setRecord: setP,
    fallback,
  } = useRecord((signal) => proposalsApi.get({ params: { id }, signal }).then((r) => r.data), [id]);
  const [action, setAction] = useState<ActionSpec | null>(null);
  const [comment, setComment] = useState('');
  const [form] = Form.useForm();
  const msg = useMessage();
  const { can } = useSession();

  /** One step of the workflow; the body comes from the step's form (checked by the server). */
  const step = (name: ProposalStep, body: unknown) =>
    proposalsApi[name]({ params: { id }, body: body as never });

  async function run(name: ProposalStep, body: unknown = {}) {
    try {
      const r = await step(name, body);
      setP(r.data);
      msg.success(t('proposals.done'));
      return true;
    } catch (e) {
      msg.error(errorText(e));
      return false;
    }
  }

  async function submitAction() {
    if (!action) return;
    const values = await form.validateFields();
    try {
      const body = action.body ? action.body(values) : values;
      const r = action.taskId
        ? await proposalsApi.progress({ params: { id, taskId: action.taskId }, body: body as never })
        : await step(action.step, body);
      setP(r.data);
      setAction(null);
      form.resetFields();
      msg.success(t('proposals.done'));
    } catch (e) {
      showFormError(form, e, msg);
    }
  }

  if (!p) return fallback;

  const stepIndex = STEPS.indexOf(p.status);
  const current = p.status === 'closed' ? STEPS.length : stepIndex;
  const reason: FieldSpec = {
    name: 'reason',
    label: t('proposals.act.reason'),
    input: <Input.TextArea rows={3} maxLength={500} />,
    required: true,
  };
  const onBehalf: FieldSpec = {
    name: 'onBehalfName',
    label: t('proposals.feedback.onBehalfName'),
    input: <Input maxLength={50} />,
    required: true,
  };
  const asResident = can('proposals.participate');
  const actions: ActionSpec[] = [];
  if (p.abilities.manage) {
    if (p.status === 'proposal') {
      actions.push({ key: 'accept', label: t('proposals.act.accept'), step: 'accept', body: () => ({}) });
      actions.push({
        key: 'decline',
        label: t('proposals.act.decline'),
        step: 'decline',
        fields: [reason],
        danger: true,
      });
    }
    if (p.status === 'deliberation' || p.status === 'decision') {
      actions.push({
        key: 'meeting',
        label: t('proposals.act.meeting'),
        step: 'meetings',
        fields: [
          {
            name: 'kind',
            label: t('proposals.f.kind'),
            required: true,
            input: (
              <Select
                options={(['analysis', 'council', 'review'] as const).map((k) => ({
                  value: k,
                  label: t(`proposals.meeting.${k}`),
                }))}
              />
            ),
          },
          { name: 'heldOn', label: t('proposals.f.heldOn'), required: true, input: <DatePicker /> },
          {
            name: 'attendees',
            label: t('proposals.f.attendees'),
            required: true,
            input: <InputNumber min={1} />,
          },
          {
            name: 'minutes',
            label: t('proposals.f.minutes'),
            required: true,
            input: <Input.TextArea rows={4} />,
          },
        ],
        body: (v) => ({ ...v, heldOn: iso(v.heldOn) }),
      });
    }
    if (p.status === 'deliberation') {
      actions.push({
        key: 'toDecision',
        label: t('proposals.act.toDecision'),
        step: 'submit-for-decision',
        body: () => ({}),
      });
    }
    if (p.status === 'decision') {
      const num = (name: string, min = 0) => ({
        name,
        label: t(`proposals.f.${name}`),
        required: true,
        input: <InputNumber min={min} />,
      });
      actions.push({
        key: 'decide',
        label: t('proposals.act.decide'),
        step: 'decision',
        fields: [
          {
            name: 'decisionBody',
            label: t('proposals.f.decisionBody'),
            required: true,
            input: (
              <Select
                options={(['representatives', 'council'] as const).map((k) => ({
                  value: k,
                  label: t(`proposals.decision.${k}`),
                }))}
              />
            ),
          },
          num('expectedVoters', 1),
          num('votesFor'),
          num('votesAgainst'),
          num('votesAbstain'),
          {
            name: 'resolution',
            label: t('proposals.f.resolution'),
            required: true,
            input: <Input.TextArea rows={3} />,
          },
        ],
      });
    }
    if (p.status === 'execution') {
      actions.push({
        key: 'task',
        label: t('proposals.act.task'),
        step: 'tasks',
        fields: [
          { name: 'title', label: t('proposals.f.taskTitle'), required: true, input: <Input /> },
          { name: 'ownerName', label: t('proposals.f.ownerName'), required: true, input: <Input /> },
          { name: 'dueOn', label: t('proposals.f.dueOn'), required: true, input: <DatePicker /> },
        ],
        body: (v) => ({ ...v, dueOn: iso(v.dueOn) }),
      });
      actions.push({
        key: 'result',
        label: t('proposals.act.discloseResult'),
        step: 'disclosures',
        fields: [
          {
            name: 'text',
            label: t('proposals.f.resultText'),
            required: true,
            input: <Input.TextArea rows={3} />,
          },
        ],
        body: (v) => ({ kind: 'result', text: v.text }),
      });
    }
    if ((p.status === 'execution' || p.status === 'supervision') && p.decision && !p.decision.disclosedAt) {
      actions.push({
        key: 'discloseDecision',
        label: t('proposals.act.discloseDecision'),
        step: 'disclosures',
        body: () => ({ kind: 'decision' }),
      });
    }
    if (stepIndex > 0) {
      actions.push({
        key: 'return',
        label: t('proposals.act.return'),
        step: 'return',
        danger: true,
        fields: [
          {
            name: 'toStatus',
            label: t('proposals.act.toStatus'),
            required: true,
            input: (
              <Select
                options={STEPS.slice(0, stepIndex).map((s) => ({
                  value: s,
                  label: t(`proposals.status.${s}`),
                }))}
              />
            ),
          },
          reason,
        ],
      });
    }
  }

  const open = (a: ActionSpec) => {
    if (!a.fields) {
      void run(a.step, a.body ? a.body({}) : {});
      return;
    }
    form.resetFields();
    setAction(a);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 880 }}>
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="proposal-heading">
              {p.title}
            </Typography.Title>
            <Tag color={STATUS_COLORS[p.status]} data-testid="proposal-status">
              {t(`proposals.status.${p.status}`)}
            </Tag>
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.orgName} · {t(`proposals.category.${p.category}`)} · {t('proposals.proposer')}：{p.proposer} ·{' '}
            {formatDateTime(p.createdAt)}
          </Typography.Text>
          {p.status !== 'declined' && (
            <Steps
              size="small"
              direction="horizontal"
              labelPlacement="vertical"
              responsive={false}
              current={current}
              items={STEPS.map((s) => ({ title: t(`proposals.status.${s}`) }))}
              style={{ overflowX: 'auto' }}
            />
          )}
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{p.content}</Typography.Paragraph>
          {p.supportThreshold !== null && (
            <Space wrap>
              <Typography.Text data-testid="support-count">
                {t('proposals.supportCount', { count: p.supportCount, threshold: p.supportThreshold })}
              </Typography.Text>
              {p.ruleVersion && <Tag>{t('proposals.ruleVersion', { version: p.ruleVersion })}</Tag>}
              {p.abilities.support && (
                <Button type="primary" size="small" onClick={() => run('support')} data-testid="support">
                  {t('proposals.support')}
                </Button>
              )}
              {p.supportedByMe && <Tag color="green">{t('proposals.supported')}</Tag>}
            </Space>
          )}
        </Space>
      </Card>

      {actions.length > 0 && (
        <Card title={t('proposals.desk')} size="small" data-testid="desk">
          <Space wrap>
            {actions.map((a) => (
              <Button key={a.key} danger={a.danger} onClick={() => open(a)} data-testid={`act-${a.key}`}>
                {a.label}
              </Button>
            ))}
          </Space>
        </Card>
      )}

      {p.meetings.length > 0 && (
        <Card title={t('proposals.meetings')} size="small">
          <List
            dataSource={p.meetings}
            renderItem={(m) => (
              <List.Item>
                <List.Item.Meta
                  title={`${t(`proposals.meeting.${m.kind}`)} · ${m.heldOn} · ${t('proposals.meeting.attendees', { count: m.attendees })}`}
                  description={m.minutes}
                />
              </List.Item>
            )}
          />
        </Card>
      )}

      {p.decision && (
        <Card title={t('proposals.decision')} size="small" data-testid="decision">
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('proposals.f.decisionBody')}>
              {t(`proposals.decision.${p.decision.decisionBody}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('proposals.decision')}>
              <Tag color={p.decision.result === 'adopted' ? 'green' : 'red'}>
                {t(`proposals.decision.${p.decision.result}`)}
              </Tag>
              {t('proposals.decision.votes', {
                expected: p.decision.expectedVoters,
                for: p.decision.votesFor,
                against: p.decision.votesAgainst,
                abstain: p.decision.votesAbstain,
              })}
            </Descriptions.Item>
            <Descriptions.Item label={t('proposals.f.resolution')}>{p.decision.resolution}</Descriptions.Item>
          </Descriptions>
          {!p.decision.disclosedAt && <Tag>{t('proposals.decision.notDisclosed')}</Tag>}
        </Card>
      )}

      {p.tasks.length > 0 && (
        <Card title={t('proposals.tasks')} size="small">
          <List
            dataSource={p.tasks}
            renderItem={(task) => (
              <List.Item
                actions={
                  p.abilities.manage && p.status === 'execution'
                    ? [
                        <Button
                          key="p"
                          size="small"
                          onClick={() =>
                            open({
                              key: `progress-${task.id}`,
                              label: t('proposals.act.progress'),
                              step: 'tasks',
                              taskId: task.id,
                              fields: [
                                {
                                  name: 'progress',
                                  label: t('proposals.f.progress'),
                                  required: true,
                                  input: <InputNumber min={0} max={100} />,
                                },
                                { name: 'note', label: t('proposals.act.reason'), input: <Input /> },
                              ],
                            })
                          }
                        >
                          {t('proposals.act.progress')}
                        </Button>,
                      ]
                    : []
                }
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      {task.title}
                      {task.overdue && <Tag color="red">{t('proposals.task.overdue')}</Tag>}
                    </Space>
                  }
                  description={
                    <>
                      <div>
                        {`${t('proposals.task.owner')}：${task.ownerName} · ${t('proposals.task.due')}：${task.dueOn}${task.note ? ` · ${task.note}` : ''}`}
                      </div>
                      <Progress percent={task.progress} size="small" style={{ maxWidth: 240 }} />
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      )}

      {p.result.disclosedAt && (
        <Card title={t('proposals.result')} size="small">
          <Typography.Paragraph>{p.result.text}</Typography.Paragraph>
        </Card>
      )}

      {(p.abilities.feedback || p.feedback.length > 0) && (
        <Card title={t('proposals.feedback')} size="small">
          {p.feedback.map((f) => (
            <div key={f.id}>
              <Tag color={f.verdict === 'confirm' ? 'green' : 'orange'}>
                {t(
                  f.verdict === 'confirm'
                    ? 'proposals.feedback.confirmVerdict'
                    : 'proposals.feedback.reopenVerdict',
                )}
              </Tag>
              {f.by} {f.reason} <Typography.Text type="secondary">{formatDateTime(f.at)}</Typography.Text>
            </div>
          ))}
          {p.abilities.feedback && (
            <Space wrap style={{ marginTop: 8 }}>
              <Button
                type="primary"
                onClick={() =>
                  asResident
                    ? run('feedback', { verdict: 'confirm' })
                    : open({
                        key: 'confirm',
                        label: t('proposals.feedback.confirm'),
                        step: 'feedback',
                        fields: [onBehalf],
                        body: (v) => ({ verdict: 'confirm', onBehalfName: v.onBehalfName }),
                      })
                }
                data-testid="confirm"
              >
                {t('proposals.feedback.confirm')}
              </Button>
              <Button
                danger
                data-testid="reopen"
                onClick={() =>
                  open({
                    key: 'reopen',
                    label: t('proposals.feedback.reopen'),
                    step: 'feedback',
                    fields: asResident ? [reason] : [onBehalf, reason],
                    body: (v) => ({ verdict: 'reopen', reason: v.reason, onBehalfName: v.onBehalfName }),
                  })
                }
              >
                {t('proposals.feedback.reopen')}
              </Button>
            </Space>
          )}
        </Card>
      )}

      <Card title={t('proposals.comments')} size="small">
        <List
          dataSource={p.comments}
          locale={{ emptyText: t('proposals.comment.empty') }}
          renderItem={(c) => (
            <List.Item>
              <List.Item.Meta title={`${c.author} · ${formatDateTime(c.at)}`} description={c.body} />
            </List.Item>
          )}
        />
        {p.abilities.comment && (
          <Space.Compact style={{ width: '100%' }}>
            <Input
              value={comment}
              maxLength={1000}
              placeholder={t('proposals.comment.placeholder')}
              onChange={(e) => setComment(e.target.value)}
            />
            <Button
              type="primary"
              disabled={!comment.trim()}
              onClick={async () => {
                if (await run('comments', { body: comment.trim() })) setComment('');
              }}
            >
              {t('proposals.comment.send')}
            </Button>
          </Space.Compact>
        )}
      </Card>

      <Card title={t('proposals.history')} size="small">
        <Timeline
          items={p.events.map((e) => ({
            children: (
              <span>
                {t(`proposals.event.${e.kind}`)}
                {e.toStatus && e.kind === 'returned' ? ` → ${t(`proposals.status.${e.toStatus}`)}` : ''}
                {e.reason ? `：${e.reason}` : ''}
                {e.actorName ? ` · ${e.actorName}` : ''}
                <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                  {formatDateTime(e.at)}
                </Typography.Text>
              </span>
            ),
          }))}
        />
      </Card>

      <Modal
        open={action !== null}
        title={action?.label}
        onCancel={() => setAction(null)}
        onOk={submitAction}
        okText={t('proposals.ok')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          {action?.fields?.map((f) => (
            <Form.Item
              key={f.name}
              name={f.name}
              label={f.label}
              rules={f.required ? [{ required: true }] : []}
            >
              {f.input}
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </Space>
  );
}
