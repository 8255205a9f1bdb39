import { Button, Card, Form, Input, Select, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { showFormError } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import { CATEGORIES, newIdempotencyKey, proposalsApi } from './api.ts';

interface Values {
  orgId: number;
  title: string;
  content: string;
  category: (typeof CATEGORIES)[number];
  proposerName?: string;
}

/** `/proposals/new`: a resident submits from a phone; desk staff enter one for a resident. */
export default function ProposalNewPage() {
  const t = useT();
  const navigate = useNavigate();
  const { me, can } = useSession();
  const [form] = Form.useForm<Values>();
  const msg = useMessage();
  const resident = can('proposals.participate');
  // One key per filled-in form; an edit makes a new request, so it gets a new key.
  const key = useRef(newIdempotencyKey());
  const [submitting, setSubmitting] = useState(false);
  const orgs = useMemo(() => {
    const roles = me?.roles ?? [];
    const wanted = resident
      ? ['resident']
      : ['community_secretary', 'branch_secretary', 'street_secretary', 'district_admin'];
    return roles.filter((r) => wanted.includes(r.role)).map((r) => ({ value: r.orgId, label: r.orgName }));
  }, [me, resident]);

  async function submit(values: Values) {
    try {
      const body = {
        title: values.title,
        content: values.content,
        category: values.category,
        ...(resident ? {} : { onBehalfOf: { proposerName: values.proposerName ?? '' } }),
      };
      setSubmitting(true);
      const res = await proposalsApi.create({
        params: { id: values.orgId },
        body,
        headers: { 'idempotency-key': key.current },
      });
      msg.success(t('proposals.form.submitted'));
      navigate(`/proposals/${res.data.id}`);
    } catch (e) {
      showFormError(form, e, msg);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Card title={resident ? t('proposals.new') : t('proposals.newDesk')} style={{ maxWidth: 640 }}>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={() => {
          key.current = newIdempotencyKey();
        }}
        initialValues={{ orgId: orgs[0]?.value, category: 'other' }}
      >
        <Form.Item name="orgId" label={t('proposals.form.org')} rules={[{ required: true }]}>
          <Select options={orgs} />
        </Form.Item>
        {!resident && (
          <Form.Item
            name="proposerName"
            label={t('proposals.form.proposerName')}
            rules={[{ required: true }]}
          >
            <Input maxLength={50} />
          </Form.Item>
        )}
        <Form.Item name="title" label={t('proposals.form.title')} rules={[{ required: true }]}>
          <Input maxLength={100} data-testid="proposal-title" />
        </Form.Item>
        <Form.Item name="category" label={t('proposals.form.category')} rules={[{ required: true }]}>
          <Select options={CATEGORIES.map((c) => ({ value: c, label: t(`proposals.category.${c}`) }))} />
        </Form.Item>
        <Form.Item name="content" label={t('proposals.form.content')} rules={[{ required: true }]}>
          <Input.TextArea rows={5} maxLength={4000} showCount data-testid="proposal-content" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="proposal-submit">
          {t('proposals.form.submit')}
        </Button>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
          {t('proposals.intro')}
        </Typography.Paragraph>
      </Form>
    </Card>
  );
}
