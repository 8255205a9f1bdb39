import { Button, DatePicker, Drawer, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { CreateMemberBody } from '../../../../server/src/modules/members/members.contract.ts';
import { showFormError } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import { EDUCATION_LABELS, type MemberDetail, membersApi } from './api.ts';

/** The ethnicity offered by default (a value stored as written, not a UI text). */
const DEFAULT_ETHNICITY = '\u6c49\u65cf';

interface Values {
  name: string;
  idNumber: string;
  phone?: string;
  address?: string;
  ethnicity?: string;
  education?: string;
  workUnit?: string;
  position?: string;
  joinedOn: Dayjs;
  fullOn?: Dayjs;
  category: string;
  status?: 'probationary' | 'full';
}

/** Register (orgId) or edit (member) a member; the server's Chinese field errors show under fields. */
export function MemberForm({
  orgId,
  member,
  open,
  onClose,
  onSaved,
}: {
  orgId?: number;
  member?: MemberDetail;
  open: boolean;
  onClose: () => void;
  onSaved: (m: MemberDetail) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const message = useMessage();
  const [categories, setCategories] = useState<{ code: string; label: string }[]>([]);
  useEffect(() => {
    if (open)
      membersApi.categories({ query: { orgId: orgId ?? member?.orgId } }).then(
        (r) => setCategories(r.data.items),
        () => setCategories([]),
      );
  }, [open, orgId, member?.orgId]);
  useEffect(() => {
    if (open && member) {
      form.setFieldsValue({
        name: member.name,
        ethnicity: member.ethnicity ?? undefined,
        education: member.education ?? undefined,
        workUnit: member.workUnit ?? undefined,
        position: member.position ?? undefined,
        joinedOn: dayjs(member.joinedOn),
        fullOn: member.fullOn ? dayjs(member.fullOn) : undefined,
        category: member.category,
      });
    }
  }, [open, member, form]);
  const submit = async () => {
    const v = await form.validateFields();
    const body: Record<string, unknown> = {
      name: v.name,
      ethnicity: v.ethnicity || null,
      education: v.education || null,
      workUnit: v.workUnit || null,
      position: v.position || null,
      joinedOn: v.joinedOn.format('YYYY-MM-DD'),
      fullOn: v.fullOn ? v.fullOn.format('YYYY-MM-DD') : null,
      category: v.category,
    };
    if (v.idNumber) body.idNumber = v.idNumber;
    if (v.phone) body.phone = v.phone;
    if (v.address) body.address = v.address;
    try {
      const saved = member
        ? await membersApi.update({ params: { id: member.id }, body })
        : await membersApi.create({
            params: { id: orgId as number },
            body: { ...body, status: v.status } as CreateMemberBody,
          });
      message.success(t('members.form.saved'));
      form.resetFields();
      onSaved(saved.data);
    } catch (e) {
      showFormError(form, e, message);
    }
  };
  return (
    <Drawer
      title={member ? t('members.form.editTitle', { name: member.name }) : t('members.list.create')}
      open={open}
      onClose={onClose}
      width={Math.min(560, window.innerWidth)}
      destroyOnHidden
      extra={
        <Button type="primary" onClick={submit} data-testid="member-save">
          {t('members.form.save')}
        </Button>
      }
    >
      <Form form={form} layout="vertical" initialValues={{ status: 'full', ethnicity: DEFAULT_ETHNICITY }}>
        <Form.Item
          name="name"
          label={t('members.field.name')}
          rules={[
            { required: true, message: t('members.form.required', { field: t('members.field.name') }) },
          ]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('members.field.idNumber')}
          rules={
            member
              ? []
              : [
                  {
                    required: true,
                    message: t('members.form.required', { field: t('members.field.idNumber') }),
                  },
                ]
          }
          extra={
            member ? t('members.form.current', { value: member.idNumber }) : t('members.form.idNumberHelp')
          }
        >
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('members.field.phone')}
          extra={member?.phone ? t('members.form.current', { value: member.phone }) : undefined}
        >
          <Input maxLength={20} autoComplete="off" />
        </Form.Item>
        <Form.Item name="address" label={t('members.field.address')}>
          <Input maxLength={200} autoComplete="off" />
        </Form.Item>
        <Form.Item name="ethnicity" label={t('members.field.ethnicity')}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="education" label={t('members.field.education')}>
          <Select
            allowClear
            options={Object.entries(EDUCATION_LABELS)
              .filter(([k]) => k !== 'unknown')
              .map(([value]) => ({ value, label: t(`members.education.${value}`) }))}
          />
        </Form.Item>
        <Form.Item name="workUnit" label={t('members.field.workUnit')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="position" label={t('members.form.position')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="joinedOn"
          label={t('members.field.joinedOn')}
          rules={[
            { required: true, message: t('members.form.required', { field: t('members.field.joinedOn') }) },
          ]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="fullOn" label={t('members.field.fullOn')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="category"
          label={t('members.form.category')}
          rules={[
            { required: true, message: t('members.form.required', { field: t('members.form.category') }) },
          ]}
        >
          <Select options={categories.map((c) => ({ value: c.code, label: c.label }))} />
        </Form.Item>
        {!member && (
          <Form.Item name="status" label={t('members.field.status')} rules={[{ required: true }]}>
            <Select
              options={[
                { value: 'full', label: t('members.status.full') },
                { value: 'probationary', label: t('members.status.probationary') },
              ]}
            />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
