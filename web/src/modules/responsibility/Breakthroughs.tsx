import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Input, Space, Spin, Steps, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import {
  type BreakthroughDto,
  breakthroughEndpoints,
} from '../../../../server/src/modules/responsibility/responsibility.breakthroughs.contract.ts';
import { createClient } from '../../shared/client.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { ModalForm } from '../../shared/ModalForm.tsx';
import { useMessage } from '../../shared/message.ts';

const api = createClient(breakthroughEndpoints);

type Dialog = { kind: 'add' } | { kind: 'reach' | 'finish'; project: BreakthroughDto } | null;

/** Parses "节点名称 2026-03-31" lines; null when a line has no date. */
function milestonesOf(text: string) {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const parsed = lines.map((l) => /^(.+?)\s+(\d{4}-\d{2}-\d{2})$/.exec(l));
  return parsed.every(Boolean) && parsed.length > 0
    ? parsed.map((m) => ({ title: (m as RegExpExecArray)[1], dueOn: (m as RegExpExecArray)[2] }))
    : null;
}

/** The 书记突破项目 of an organization and every one below it (late first), with their milestones. */
export function Breakthroughs({ orgId, year, canAdd }: { orgId: number; year: number; canAdd: boolean }) {
  const t = useT();
  const message = useMessage();
  const [rows, setRows] = useState<BreakthroughDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const load = useCallback(() => {
    setError(null);
    api.list({ query: { orgId, year } }).then(
      (r) => setRows(r.data),
      (e) => setError(errorText(e)),
    );
  }, [orgId, year]);
  useEffect(load, [load]);
  if (error) return <Alert type="error" message={error} />;
  if (!rows) return <Spin />;
  const saved = () => {
    message.success(t('responsibility.bt.done'));
    load();
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {canAdd && (
        <Button icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'add' })}>
          {t('responsibility.bt.add')}
        </Button>
      )}
      {rows.length === 0 && <Empty description={t('responsibility.bt.empty')} />}
      {rows.map((p) => (
        <Card
          key={p.id}
          size="small"
          title={
            <Space wrap size={4}>
              <span style={{ whiteSpace: 'normal' }}>{p.title}</span>
              {p.late && <Tag color="red">{t('responsibility.late')}</Tag>}
              {p.status === 'done' && <Tag color="green">{t('responsibility.status.done')}</Tag>}
            </Space>
          }
          extra={
            <Space wrap size={4}>
              {p.abilities?.reachMilestone && (
                <Button size="small" onClick={() => setDialog({ kind: 'reach', project: p })}>
                  {t('responsibility.bt.reach')}
                </Button>
              )}
              {p.abilities?.finish && (
                <Button size="small" type="primary" onClick={() => setDialog({ kind: 'finish', project: p })}>
                  {t('responsibility.bt.finish')}
                </Button>
              )}
            </Space>
          }
        >
          <Typography.Paragraph style={{ marginBottom: 8 }}>
            {p.orgName} · {p.secretaryName} ·{' '}
            {t('responsibility.bt.progress', { done: p.milestonesDone, total: p.milestones.length })}
            <br />
            {p.goal}
          </Typography.Paragraph>
          <Steps
            direction="vertical"
            size="small"
            current={p.milestonesDone}
            items={p.milestones.map((m) => ({
              title: m.title,
              status: m.doneOn ? 'finish' : m.late ? 'error' : 'wait',
              description: m.doneOn ? `${m.doneOn} ${m.note ?? ''}` : m.dueOn,
            }))}
          />
          {p.results && <Alert type="success" message={`${t('responsibility.bt.results')}：${p.results}`} />}
        </Card>
      ))}
      <ModalForm
        open={dialog?.kind === 'add'}
        title={t('responsibility.bt.add')}
        okText={t('responsibility.bt.add')}
        fields={[
          { name: 'title', label: t('responsibility.bt.title'), required: true, input: <Input /> },
          {
            name: 'secretaryName',
            label: t('responsibility.bt.secretary'),
            required: true,
            input: <Input />,
          },
          {
            name: 'goal',
            label: t('responsibility.bt.goal'),
            required: true,
            input: <Input.TextArea rows={2} />,
          },
          {
            name: 'milestones',
            label: t('responsibility.bt.milestones'),
            required: true,
            input: <Input.TextArea rows={4} />,
          },
        ]}
        onSubmit={async (v) => {
          const milestones = milestonesOf(String(v.milestones ?? ''));
          if (!milestones) throw new Error(t('responsibility.bt.milestonesBad'));
          await api.create({
            params: { id: orgId },
            body: {
              year,
              title: String(v.title),
              secretaryName: String(v.secretaryName),
              goal: String(v.goal),
              milestones,
            },
          });
          saved();
        }}
        onClose={() => setDialog(null)}
      />
      <ModalForm
        open={dialog?.kind === 'reach' || dialog?.kind === 'finish'}
        title={dialog && dialog.kind !== 'add' ? dialog.project.title : ''}
        okText={t(dialog?.kind === 'finish' ? 'responsibility.bt.finish' : 'responsibility.bt.reach')}
        fields={[
          dialog?.kind === 'finish'
            ? {
                name: 'results',
                label: t('responsibility.bt.results'),
                required: true,
                input: <Input.TextArea rows={3} />,
              }
            : {
                name: 'note',
                label: t('responsibility.bt.note'),
                required: true,
                input: <Input.TextArea rows={3} />,
              },
        ]}
        onSubmit={async (v) => {
          if (!dialog || dialog.kind === 'add') return;
          const params = { id: dialog.project.id };
          if (dialog.kind === 'finish') await api.finish({ params, body: { results: String(v.results) } });
          else await api.reachMilestone({ params, body: { note: String(v.note) } });
          saved();
        }}
        onClose={() => setDialog(null)}
      />
    </Space>
  );
}
