import { Button, DatePicker, Drawer, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { showFormError } from '../../shared/errors.ts';
import { useMessage } from '../../shared/message.ts';
import { EDUCATION_LABELS, type MemberDetail, membersApi } from './api.ts';

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
  const [form] = Form.useForm<Values>();
  const message = useMessage();
  const [categories, setCategories] = useState<{ code: string; label: string }[]>([]);
  useEffect(() => {
    if (open)
      membersApi.categories(orgId ?? member?.orgId).then(
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
        ? await membersApi.update(member.id, body)
        : await membersApi.create(orgId as number, { ...body, status: v.status });
      message.success('已保存');
      form.resetFields();
      onSaved(saved.data);
    } catch (e) {
      showFormError(form, e, message);
    }
  };
  return (
    <Drawer
      title={member ? `编辑 ${member.name}` : '登记党员'}
      open={open}
      onClose={onClose}
      width={Math.min(560, window.innerWidth)}
      destroyOnHidden
      extra={
        <Button type="primary" onClick={submit} data-testid="member-save">
          保存
        </Button>
      }
    >
      <Form form={form} layout="vertical" initialValues={{ status: 'full', ethnicity: '汉族' }}>
        <Form.Item name="name" label="姓名" rules={[{ required: true, message: '姓名为必填项' }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label="身份证号"
          rules={member ? [] : [{ required: true, message: '身份证号为必填项' }]}
          extra={
            member ? `当前：${member.idNumber}（不修改请留空）` : '18 位，末位可为 X；全角字符会自动转换'
          }
        >
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="phone"
          label="手机号"
          extra={member?.phone ? `当前：${member.phone}（不修改请留空）` : undefined}
        >
          <Input maxLength={20} autoComplete="off" />
        </Form.Item>
        <Form.Item name="address" label="家庭住址">
          <Input maxLength={200} autoComplete="off" />
        </Form.Item>
        <Form.Item name="ethnicity" label="民族">
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="education" label="学历">
          <Select
            allowClear
            options={Object.entries(EDUCATION_LABELS)
              .filter(([k]) => k !== 'unknown')
              .map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="workUnit" label="工作单位">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="position" label="职务">
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="joinedOn" label="入党日期" rules={[{ required: true, message: '入党日期为必填项' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="fullOn" label="转正日期">
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="category" label="党员类别" rules={[{ required: true, message: '党员类别为必填项' }]}>
          <Select options={categories.map((c) => ({ value: c.code, label: c.label }))} />
        </Form.Item>
        {!member && (
          <Form.Item name="status" label="党员状态" rules={[{ required: true }]}>
            <Select
              options={[
                { value: 'full', label: '正式党员' },
                { value: 'probationary', label: '预备党员' },
              ]}
            />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
