import { Button, Input, Modal, Segmented, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { useMessage } from '../../shared/message.ts';
import { useList } from '../../shared/useList.ts';
import { membersApi, type Transfer } from './api.ts';

type Direction = 'incoming' | 'outgoing';

/** `/member-transfers`: incoming transfers to accept or refuse; outgoing ones to follow or cancel. */
export default function TransfersPage() {
  const t = useT();
  const message = useMessage();
  const list = useList<Transfer, { direction: Direction }>(
    ({ filters, page, pageSize }, signal) =>
      membersApi.transfers({ query: { direction: filters.direction, page, pageSize }, signal }),
    { initialFilters: { direction: 'incoming' } },
  );
  const direction = list.filters.direction;
  const [refusing, setRefusing] = useState<Transfer | null>(null);
  const [reason, setReason] = useState('');
  const act = async (tr: Transfer, action: 'accept' | 'refuse' | 'cancel', why?: string) => {
    try {
      if (action === 'accept') await membersApi.acceptTransfer({ params: { id: tr.id }, body: {} });
      else
        await membersApi[action === 'refuse' ? 'refuseTransfer' : 'cancelTransfer']({
          params: { id: tr.id },
          body: { reason: why ?? '' },
        });
      list.reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const columns: ColumnsType<Transfer> = [
    { title: t('members.transfers.member'), dataIndex: 'memberName' },
    { title: t('members.transfers.from'), dataIndex: 'fromOrgName' },
    { title: t('members.transfers.to'), key: 'to', render: (_, r) => r.toOrgName ?? r.outsideOrgName },
    { title: t('members.transfers.reason'), dataIndex: 'reason' },
    { title: t('members.transfers.validUntil'), dataIndex: 'validUntil' },
    {
      title: t('members.transfers.status'),
      key: 'status',
      render: (_, r) => (
        <Tag>
          {t(`members.transfers.status.${r.status}`)}
          {r.decisionReason ? `：${r.decisionReason}` : ''}
        </Tag>
      ),
    },
    {
      title: t('common.table.actions'),
      key: 'actions',
      render: (_, r) => (
        <Space wrap>
          <Button size="small" href={`/api/v1/member-transfers/${r.id}/print`} target="_blank">
            {t('members.transfers.letter')}
          </Button>
          <Button size="small" href={`/api/v1/member-transfers/${r.id}/print.pdf`} target="_blank">
            PDF
          </Button>
          {r.status === 'pending' && direction === 'incoming' && (
            <>
              <Button size="small" type="primary" onClick={() => act(r, 'accept')}>
                {t('members.transfers.accept')}
              </Button>
              <Button size="small" danger onClick={() => setRefusing(r)}>
                {t('members.transfers.refuse')}
              </Button>
            </>
          )}
          {r.status === 'pending' && direction === 'outgoing' && (
            <Button size="small" onClick={() => act(r, 'cancel', t('members.transfers.cancelReason'))}>
              {t('members.transfers.cancel')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <ListPage<Transfer, { direction: Direction }>
      title={t('members.transfers.title')}
      notice={
        <Segmented
          className="jc-list-switch"
          value={direction}
          onChange={(v) => list.setFilters({ direction: v as Direction })}
          options={[
            { value: 'incoming', label: t('members.transfers.incoming') },
            { value: 'outgoing', label: t('members.transfers.outgoing') },
          ]}
        />
      }
      list={list}
      columns={columns}
      rowKey={(r) => r.id}
    >
      <Modal
        title={t('members.transfers.refuseTitle')}
        open={refusing !== null}
        onCancel={() => setRefusing(null)}
        okButtonProps={{ disabled: reason.trim().length < 2 }}
        onOk={async () => {
          if (refusing) await act(refusing, 'refuse', reason);
          setRefusing(null);
          setReason('');
        }}
      >
        <Input.TextArea
          rows={2}
          aria-label={t('members.transfers.refuseTitle')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </ListPage>
  );
}
