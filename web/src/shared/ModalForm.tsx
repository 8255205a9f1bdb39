/**
 * A small form in a modal (shared by every module): fields declared as data, server field errors
 * shown under their fields, the others as one message, one submit.
 */
import { Form, Modal } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { showFormError } from './errors.ts';
import { useMessage } from './message.ts';

export interface ModalField {
  name: string;
  label: string;
  input: ReactNode;
  required?: boolean;
}

export function ModalForm({
  open,
  title,
  okText,
  fields,
  initialValues,
  onSubmit,
  onClose,
}: {
  open: boolean;
  title: string;
  okText: string;
  fields: ModalField[];
  initialValues?: Record<string, unknown>;
  onSubmit: (values: Record<string, unknown>) => Promise<unknown>;
  onClose: () => void;
}) {
  const [form] = Form.useForm();
  const message = useMessage();
  const [isSaving, setSaving] = useState(false);
  useEffect(() => {
    if (open) {
      form.resetFields();
      if (initialValues) form.setFieldsValue(initialValues);
    }
  }, [open, form, initialValues]);
  async function ok() {
    const values = await form.validateFields();
    setSaving(true);
    try {
      await onSubmit(values);
      onClose();
    } catch (e) {
      showFormError(form, e, message);
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      onOk={ok}
      onCancel={onClose}
      confirmLoading={isSaving}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        {fields.map((f) => (
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
  );
}
