import { Button, Input, Modal, Segmented, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSession } from '../../app/session.tsx';
import { errorText } from '../../shared/errors.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { useMessage } from '../../shared/message.ts';
import { useList } from '../../shared/useList.ts';
import { type ExportRequest, memberFiles, membersApi } from './api.ts';

const STATUS_COLORS: Record<ExportRequest['status'], string> = {
  pending: 'gold',
  approved: 'green',
  rejected: 'red',
  downloaded: 'default',
  expired: 'default',
};

type View = 'mine' | 'to_decide';

/**
 * `/member-export-requests`: unmasked exports (PIPL-06). Requesters follow their requests and
 * download an approved file once; approvers (another person) grant or refuse the requests of
 * their scope.
 */
export default function ExportRequestsPage() {
  const t = useT();
  const { can } = useSession();
  const message = useMessage();
  const list = useList<ExportRequest, { view: View }>(
    ({ filters }, signal) => membersApi.exportRequests({ query: { view: filters.view }, signal }),
    { initialFilters: { view: can('members.export_unmasked') ? 'mine' : 'to_decide' } },
  );
  const [deciding, setDeciding] = useState<{ request: ExportRequest; verdict: 'approve' | 'reject' } | null>(
    null,
  );
  const [comment, setComment] = useState('');
  const decide = async () => {
    if (!deciding) return;
    try {
      await membersApi[deciding.verdict === 'approve' ? 'approveExport' : 'rejectExport']({
        params: { id: deciding.request.id },
        body: { comment },
      });
      setDeciding(null);
      setComment('');
      list.reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const download = async (r: ExportRequest) => {
    try {
      await memberFiles.downloadExport(r.id, r.format);
    } catch (e) {
      message.error(errorText(e));
    }
    // Once only: the row now says 已下载 and offers no second download.
    list.reload();
  };
  const columns: ColumnsType<ExportRequest> = [
    { title: t('members.exportRequests.id'), dataIndex: 'id', width: 70 },
    { title: t('members.exportRequests.scope'), dataIndex: 'orgName' },
    { title: t('members.exportRequests.requester'), dataIndex: 'requesterName' },
    { title: t('members.exportRequests.reason'), dataIndex: 'reason' },
    { title: t('members.exportRequests.rows'), dataIndex: 'rowCount', width: 80 },
    {
      title: t('members.exportRequests.status'),
      key: 'status',
      render: (_, r) => (
        <Tag color={STATUS_COLORS[r.status]}>{t(`members.exportRequests.status.${r.status}`)}</Tag>
      ),
    },
    {
      title: t('members.exportRequests.decision'),
      key: 'decision',
      render: (_, r) => (r.deciderName ? `${r.deciderName}: ${r.decisionComment ?? ''}` : '—'),
    },
    {
      title: t('members.exportRequests.expiresAt'),
      key: 'expiresAt',
      render: (_, r) => formatDateTime(r.expiresAt),
    },
    {
      title: t('common.table.actions'),
      key: 'actions',
      render: (_, r) => (
        <Space wrap>
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
              <Button size="small" danger onClick={() => setDeciding({ request: r, verdict: 'reject' })}>
                {t('members.exportRequests.reject')}
              </Button>
            </>
          )}
        </Space>
      ),
    },
  ];
  return (
    <ListPage<ExportRequest, { view: View }>
      title={t('members.exportRequests.title')}
      intro={t('members.exportRequests.intro')}
      notice={
        <Segmented
          className="jc-list-switch"
          value={list.filters.view}
          onChange={(v) => list.setFilters({ view: v as View })}
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
      list={list}
      columns={columns}
      rowKey={(r) => r.id}
    >
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
          aria-label={t('members.exportRequests.comment')}
          placeholder={t('members.exportRequests.comment')}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </Modal>
    </ListPage>
  );
}
