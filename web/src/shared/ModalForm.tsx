/**
 * A small form in a modal for the governance desks (dual reporting, co-building, volunteers):
 * fields declared as data, server field errors shown under their fields, one submit.
 */
import { Form, Modal, message } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { showFormError } from '../../shared/errors.ts';

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
  const [msg, holder] = message.useMessage();
  useEffect(() => {
    if (open) {
      form.resetFields();
      if (initialValues) form.setFieldsValue(initialValues);
    }
  }, [open, form, initialValues]);
  async function ok() {
    const values = await form.validateFields();
    try {
      await onSubmit(values);
      onClose();
    } catch (e) {
      showFormError(form, e, msg);
    }
  }
  return (
    <Modal open={open} title={title} okText={okText} onOk={ok} onCancel={onClose} destroyOnHidden>
      {holder}
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

/** Organizations where the signed-in user holds one of these roles (for `/orgs/:id/…` URLs). */
export function roleOrgs(
  roles: readonly { role: string; orgId: number; orgName: string }[] | undefined,
  wanted: readonly string[],
): { value: number; label: string }[] {
  const seen = new Set<number>();
  return (roles ?? [])
    .filter((r) => wanted.includes(r.role) && !seen.has(r.orgId) && seen.add(r.orgId))
    .map((r) => ({ value: r.orgId, label: r.orgName }));
}

export const OFFICIAL_ROLES = ['district_admin', 'street_secretary', 'community_secretary'] as const;
