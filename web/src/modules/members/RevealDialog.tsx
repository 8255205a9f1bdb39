import { Alert, Descriptions, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { errorText } from '../../shared/errors.ts';
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
      title={`查看 ${name} 的完整信息`}
      open={open}
      onCancel={close}
      okText={shown ? '关闭' : '查看'}
      confirmLoading={busy}
      onOk={async () => {
        if (shown) return close();
        const { reason } = await form.validateFields();
        setBusy(true);
        try {
          setShown((await membersApi.reveal(memberId, reason)).data);
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
          <Descriptions.Item label="身份证号">{shown.idNumber}</Descriptions.Item>
          <Descriptions.Item label="手机号">{shown.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="家庭住址">{shown.address ?? '—'}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Form form={form} layout="vertical">
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            message="查看完整身份证号、手机号和住址会记入审计日志，请说明用途。"
          />
          <Form.Item
            name="reason"
            label="查看理由"
            rules={[{ required: true, min: 4, message: '请填写至少 4 个字的理由' }]}
          >
            <Input.TextArea rows={2} maxLength={200} placeholder="例如：核对组织关系转接信息" />
          </Form.Item>
          {error && <Alert type="error" message={error} />}
        </Form>
      )}
    </Modal>
  );
}
