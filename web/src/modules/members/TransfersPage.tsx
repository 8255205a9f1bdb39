import { Button, Card, Input, Modal, Segmented, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import { membersApi, TRANSFER_LABELS, type Transfer } from './api.ts';

/** `/member-transfers`: incoming transfers to accept or refuse; outgoing ones to follow or cancel. */
export default function TransfersPage() {
  const t = useT();
  const message = useMessage();
  const [direction, setDirection] = useState<'incoming' | 'outgoing'>('incoming');
  const [rows, setRows] = useState<Transfer[]>([]);
  const [refusing, setRefusing] = useState<Transfer | null>(null);
  const [reason, setReason] = useState('');
  const load = useCallback(
    () =>
      membersApi.transfers({ direction, pageSize: 100 }).then(
        (r) => setRows(r.data),
        (e) => message.error(errorText(e)),
      ),
    [direction, message],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const act = async (tr: Transfer, action: 'accept' | 'refuse' | 'cancel', why?: string) => {
    try {
      await membersApi.decide(tr.id, action, why);
      void load();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Card
      title={t('members.transfers.title')}
      extra={
        <Segmented
          value={direction}
          onChange={(v) => setDirection(v as 'incoming')}
          options={[
            { value: 'incoming', label: '转入待办' },
            { value: 'outgoing', label: '转出记录' },
          ]}
        />
      }
    >
      <Table<Transfer>
        rowKey="id"
        dataSource={rows}
        scroll={{ x: 800 }}
        columns={[
          { title: '党员', dataIndex: 'memberName' },
          { title: '转出组织', dataIndex: 'fromOrgName' },
          { title: '接收组织', render: (_, r) => r.toOrgName ?? r.outsideOrgName },
          { title: '原因', dataIndex: 'reason' },
          { title: '有效期至', dataIndex: 'validUntil' },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: string, r) => (
              <Tag>
                {TRANSFER_LABELS[s]}
                {r.decisionReason ? `：${r.decisionReason}` : ''}
              </Tag>
            ),
          },
          {
            title: t('common.table.actions'),
            render: (_, r) => (
              <Space>
                <Button size="small" href={`/api/v1/member-transfers/${r.id}/print`} target="_blank">
                  介绍信
                </Button>
                <Button size="small" href={`/api/v1/member-transfers/${r.id}/print.pdf`} target="_blank">
                  PDF
                </Button>
                {r.status === 'pending' && direction === 'incoming' && (
                  <>
                    <Button size="small" type="primary" onClick={() => act(r, 'accept')}>
                      接收
                    </Button>
                    <Button size="small" danger onClick={() => setRefusing(r)}>
                      退回
                    </Button>
                  </>
                )}
                {r.status === 'pending' && direction === 'outgoing' && (
                  <Button size="small" onClick={() => act(r, 'cancel', '转出方撤回')}>
                    撤回
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        title="退回原因"
        open={refusing !== null}
        onCancel={() => setRefusing(null)}
        okButtonProps={{ disabled: reason.trim().length < 2 }}
        onOk={async () => {
          if (refusing) await act(refusing, 'refuse', reason);
          setRefusing(null);
          setReason('');
        }}
      >
        <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Card>
  );
}
