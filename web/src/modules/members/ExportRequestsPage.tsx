import { Button, Card, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../../app/session.tsx';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import { EXPORT_REQUEST_LABELS, type ExportRequest, membersApi } from './api.ts';

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
            ...(can('members.export_unmasked') ? [{ value: 'mine', label: '我的申请' }] : []),
            ...(can('members.approve_export') ? [{ value: 'to_decide', label: '待我审批' }] : []),
          ]}
        />
      }
    >
      <Typography.Paragraph type="secondary">
        不打码名册须由另一名有审批权限的人员批准；批准后仅申请人可在期限内下载一次，每一步均记入审计日志。
      </Typography.Paragraph>
      <Table<ExportRequest>
        rowKey="id"
        dataSource={rows}
        scroll={{ x: 900 }}
        columns={[
          { title: '单号', dataIndex: 'id', width: 70 },
          { title: '范围', dataIndex: 'orgName' },
          { title: '申请人', dataIndex: 'requesterName' },
          { title: '理由', dataIndex: 'reason' },
          { title: '人数', dataIndex: 'rowCount', width: 80 },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: ExportRequest['status']) => (
              <Tag color={STATUS_COLORS[s]}>{EXPORT_REQUEST_LABELS[s]}</Tag>
            ),
          },
          {
            title: '审批',
            render: (_, r) => (r.deciderName ? `${r.deciderName}：${r.decisionComment ?? ''}` : '—'),
          },
          {
            title: '下载期限',
            dataIndex: 'expiresAt',
            render: (v: string | null) => (v ? new Date(v).toLocaleString('zh-CN') : '—'),
          },
          {
            title: '操作',
            render: (_, r) => (
              <Space>
                {r.abilities.download && (
                  <Button type="primary" size="small" onClick={() => download(r)}>
                    下载（仅一次）
                  </Button>
                )}
                {r.abilities.decide && (
                  <>
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => setDeciding({ request: r, verdict: 'approve' })}
                    >
                      批准
                    </Button>
                    <Button
                      size="small"
                      danger
                      onClick={() => setDeciding({ request: r, verdict: 'reject' })}
                    >
                      驳回
                    </Button>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        title={deciding?.verdict === 'approve' ? '批准不打码导出' : '驳回不打码导出'}
        open={deciding !== null}
        onCancel={() => setDeciding(null)}
        okButtonProps={{ disabled: comment.trim().length < 2 }}
        onOk={decide}
      >
        <Input.TextArea
          rows={2}
          placeholder="审批意见（至少 2 个字）"
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </Modal>
    </Card>
  );
}
