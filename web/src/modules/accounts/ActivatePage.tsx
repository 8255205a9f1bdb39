import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import { applyFieldErrors, errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';

interface Values {
  name: string;
  idNumber: string;
  code: string;
  username: string;
  password: string;
}

/** `/login/activate`: a member activates their own account with name, ID number and the code (public). */
export default function ActivatePage() {
  const t = useT();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { refresh } = useSession();
  const navigate = useNavigate();
  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/auth/activate', values);
      await api.post('/auth/login', { username: values.username, password: values.password });
      await refresh();
      navigate('/', { replace: true });
    } catch (e) {
      if (!applyFieldErrors(form, e)) setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="jc-login">
      <Card className="jc-login-card" data-testid="activate-page">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('activation.page.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('activation.page.intro')}</Typography.Paragraph>
        {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} /> : null}
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ code: params.get('code') ?? '' }}
          requiredMark={false}
        >
          <Form.Item name="name" label={t('activation.field.name')} rules={[{ required: true }]}>
            <Input autoComplete="name" />
          </Form.Item>
          <Form.Item name="idNumber" label={t('activation.field.idNumber')} rules={[{ required: true }]}>
            <Input autoComplete="off" maxLength={18} />
          </Form.Item>
          <Form.Item name="code" label={t('activation.field.code')} rules={[{ required: true }]}>
            <Input autoComplete="one-time-code" />
          </Form.Item>
          <Form.Item
            name="username"
            label={t('activation.field.username')}
            extra={t('activation.field.usernameHelp')}
            rules={[{ required: true }]}
          >
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('activation.field.password')}
            extra={t('activation.field.passwordHelp')}
            rules={[{ required: true }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="activate-submit">
            {t('activation.submit')}
          </Button>
        </Form>
        <div style={{ marginTop: 12 }}>
          <Link to="/login">{t('activation.back')}</Link>
        </div>
      </Card>
    </main>
  );
}
