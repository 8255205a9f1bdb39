import { Alert, Descriptions, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { membersApi } from './api.ts';

/** Unmasking needs a stated reason; the server audits every reveal. */
export function RevealDialog({
  memberId,
  name,
  open,
  onClose,
}: {
  memberId: number;
  name: string;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const [shown, setShown] = useState<{
    idNumber?: string;
    phone?: string | null;
    address?: string | null;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setShown(null);
    setError(null);
    form.resetFields();
    onClose();
  };
  return (
    <Modal
      title={t('members.reveal.title', { name })}
      open={open}
      onCancel={close}
      okText={shown ? t('members.reveal.close') : t('members.reveal.show')}
      confirmLoading={busy}
      onOk={async () => {
        if (shown) return close();
        const { reason } = await form.validateFields();
        setBusy(true);
        try {
          setShown((await membersApi.reveal({ params: { id: memberId }, body: { reason } })).data);
        } catch (e) {
          setError(errorText(e));
        } finally {
          setBusy(false);
        }
      }}
      destroyOnHidden
    >
      {shown ? (
        <Descriptions column={1} bordered size="small" data-testid="revealed">
          <Descriptions.Item label={t('members.field.idNumber')}>{shown.idNumber}</Descriptions.Item>
          <Descriptions.Item label={t('members.field.phone')}>{shown.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('members.field.address')}>{shown.address ?? '—'}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Form form={form} layout="vertical">
          <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('members.reveal.note')} />
          <Form.Item
            name="reason"
            label={t('members.reveal.reason')}
            rules={[{ required: true, min: 4, message: t('members.reveal.reasonRequired') }]}
          >
            <Input.TextArea rows={2} maxLength={200} placeholder={t('members.reveal.reasonExample')} />
          </Form.Item>
          {error && <Alert type="error" message={error} />}
        </Form>
      )}
    </Modal>
  );
}
