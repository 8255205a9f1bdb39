import { Button, Card, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { ModalForm } from '../../shared/ModalForm.tsx';
import { useMessage } from '../../shared/message.ts';
import { type LeaveRequest, orgLifeApi } from './api.ts';

export const LEAVE_COLORS: Record<LeaveRequest['status'], string> = {
  pending: 'gold',
  approved: 'green',
  declined: 'red',
  withdrawn: 'default',
};

/** The state of a leave request as a tag, with the secretary's comment when there is one. */
export function LeaveTag({ leave }: { leave: LeaveRequest }) {
  const t = useT();
  return (
    <Tag color={LEAVE_COLORS[leave.status]} data-testid="leave-status">
      {t(`org-life.leave.status.${leave.status}`)}
    </Tag>
  );
}

/** 「请假」: asks for the reason and sends the request (shown only when the meeting's ability says so). */
export function RequestLeaveButton({ meetingId, onDone }: { meetingId: number; onDone: () => void }) {
  const t = useT();
  const message = useMessage();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="request-leave">
        {t('org-life.leave.request')}
      </Button>
      <ModalForm
        open={open}
        title={t('org-life.leave.request')}
        okText={t('org-life.leave.request')}
        fields={[
          {
            name: 'reason',
            label: t('org-life.leave.reason'),
            required: true,
            input: <Input.TextArea rows={3} maxLength={500} placeholder={t('org-life.leave.reasonHint')} />,
          },
        ]}
        onSubmit={async (v) => {
          await orgLifeApi.requestLeave(meetingId, String(v.reason ?? ''));
          message.success(t('org-life.leave.sent'));
          onDone();
        }}
        onClose={() => setOpen(false)}
      />
    </>
  );
}

/**
 * A meeting's leave requests: the secretary answers each (同意 / 不同意 with a reason), the member
 * withdraws their own; every button follows the request's `abilities`.
 */
export function LeaveRequestsCard({
  requests,
  onChange,
}: {
  requests: LeaveRequest[];
  onChange: () => void;
}) {
  const t = useT();
  const message = useMessage();
  const [declining, setDeclining] = useState<LeaveRequest | null>(null);
  const run = async (p: Promise<unknown>) => {
    try {
      await p;
      onChange();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Card title={t('org-life.leave.title')} className="jc-no-print" data-testid="leave-requests">
      <List
        dataSource={requests}
        locale={{ emptyText: t('org-life.leave.none') }}
        renderItem={(l) => (
          <List.Item
            data-testid="leave-request"
            actions={[
              l.abilities.approve && (
                <Button
                  key="approve"
                  type="primary"
                  size="small"
                  onClick={() => run(orgLifeApi.approveLeave(l.id))}
                >
                  {t('org-life.leave.approve')}
                </Button>
              ),
              l.abilities.decline && (
                <Button key="decline" size="small" danger onClick={() => setDeclining(l)}>
                  {t('org-life.leave.decline')}
                </Button>
              ),
              l.abilities.withdraw && (
                <Button key="withdraw" size="small" onClick={() => run(orgLifeApi.withdrawLeave(l.id))}>
                  {t('org-life.leave.withdraw')}
                </Button>
              ),
            ].filter(Boolean)}
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  {l.memberName}
                  <LeaveTag leave={l} />
                </Space>
              }
              description={
                <Space orientation="vertical" size={0}>
                  <span>
                    {t('org-life.leave.reason')}：{l.reason}
                  </span>
                  {l.decisionComment && (
                    <Typography.Text type="secondary">
                      {t('org-life.leave.comment')}：{l.decisionComment}
                    </Typography.Text>
                  )}
                </Space>
              }
            />
          </List.Item>
        )}
      />
      <ModalForm
        open={declining !== null}
        title={t('org-life.leave.decline')}
        okText={t('org-life.leave.decline')}
        fields={[
          {
            name: 'comment',
            label: t('org-life.leave.declineReason'),
            required: true,
            input: <Input.TextArea rows={2} maxLength={500} />,
          },
        ]}
        onSubmit={async (v) => {
          if (declining) await orgLifeApi.declineLeave(declining.id, String(v.comment ?? ''));
          onChange();
        }}
        onClose={() => setDeclining(null)}
      />
    </Card>
  );
}
