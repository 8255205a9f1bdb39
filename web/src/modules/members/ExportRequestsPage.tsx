import { Button, Card, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../../app/session.tsx';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import { type ExportRequest, membersApi } from './api.ts';

const STATUS_COLORS: Record<ExportRequest['status'], string> = {
  pending: 'gold',
  approved: 'green',
  rejected: 'red',
  downloaded: 'default',
  expired: 'default',
};

/**
 * `/member-export-requests`: unmasked exports (PIPL-06). Requesters follow their requests and
 * download an approved file once; approvers (another person) grant or refuse the requests of
 * their scope.
 */
export default function ExportRequestsPage() {
  const t = useT();
  const { can } = useSession();
  const message = useMessage();
  const [view, setView] = useState<'mine' | 'to_decide'>(
    can('members.export_unmasked') ? 'mine' : 'to_decide',
  );
  const [rows, setRows] = useState<ExportRequest[]>([]);
  const [deciding, setDeciding] = useState<{ request: ExportRequest; verdict: 'approve' | 'reject' } | null>(
    null,
  );
  const [comment, setComment] = useState('');
  const load = useCallback(
    () =>
      membersApi.exportRequests(view).then(
        (r) => setRows(r.data),
        (e) => message.error(errorText(e)),
      ),
    [view, message],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const decide = async () => {
    if (!deciding) return;
    try {
      await membersApi.decideExport(deciding.request.id, deciding.verdict, comment);
      setDeciding(null);
      setComment('');
      void load();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const download = async (r: ExportRequest) => {
    try {
      await membersApi.downloadExport(r.id, r.format);
    } catch (e) {
      message.error(errorText(e));
    }
    // Once only: the row now says 已下载 and offers no second download.
    void load();
    void load();
  };
  return (
    <Card
      title={t('members.exportRequests.title')}
      extra={
        <Segmented
          value={view}
          onChange={(v) => setView(v as 'mine')}
          options={[
            ...(can('members.export_unmasked')
              ? [{ value: 'mine', label: t('members.exportRequests.mine') }]
              : []),
            ...(can('members.approve_export')
              ? [{ value: 'to_decide', label: t('members.exportRequests.toDecide') }]
              : []),
          ]}
        />
      }
    >
      <Typography.Paragraph type="secondary">{t('members.exportRequests.intro')}</Typography.Paragraph>
      <Table<ExportRequest>
        rowKey="id"
        dataSource={rows}
        scroll={{ x: 900 }}
        columns={[
          { title: t('members.exportRequests.id'), dataIndex: 'id', width: 70 },
          { title: t('members.exportRequests.scope'), dataIndex: 'orgName' },
          { title: t('members.exportRequests.requester'), dataIndex: 'requesterName' },
          { title: t('members.exportRequests.reason'), dataIndex: 'reason' },
          { title: t('members.exportRequests.rows'), dataIndex: 'rowCount', width: 80 },
          {
            title: t('members.exportRequests.status'),
            dataIndex: 'status',
            render: (s: ExportRequest['status']) => (
              <Tag color={STATUS_COLORS[s]}>{t(`members.exportRequests.status.${s}`)}</Tag>
            ),
          },
          {
            title: t('members.exportRequests.decision'),
            render: (_, r) => (r.deciderName ? `${r.deciderName}: ${r.decisionComment ?? ''}` : '—'),
          },
          {
            title: t('members.exportRequests.expiresAt'),
            dataIndex: 'expiresAt',
            render: (v: string | null) => (v ? new Date(v).toLocaleString('zh-CN') : '—'),
          },
          {
            title: t('common.table.actions'),
            render: (_, r) => (
              <Space>
                {r.abilities.download && (
                  <Button type="primary" size="small" onClick={() => download(r)}>
                    {t('members.exportRequests.download')}
                  </Button>
                )}
                {r.abilities.decide && (
                  <>
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => setDeciding({ request: r, verdict: 'approve' })}
                    >
                      {t('members.exportRequests.approve')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      onClick={() => setDeciding({ request: r, verdict: 'reject' })}
                    >
                      {t('members.exportRequests.reject')}
                    </Button>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        title={
          deciding?.verdict === 'approve'
            ? t('members.exportRequests.approveTitle')
            : t('members.exportRequests.rejectTitle')
        }
        open={deciding !== null}
        onCancel={() => setDeciding(null)}
        okButtonProps={{ disabled: comment.trim().length < 2 }}
        onOk={decide}
      >
        <Input.TextArea
          rows={2}
          placeholder={t('members.exportRequests.comment')}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </Modal>
    </Card>
  );
}
