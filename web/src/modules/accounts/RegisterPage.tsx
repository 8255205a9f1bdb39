import { Alert, Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { z } from 'zod';
import type { communityOptionsResponse } from '../../../../server/src/modules/accounts/accounts.activation.contract.ts';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import { applyFieldErrors, errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';

type Community = z.output<typeof communityOptionsResponse>['data'][number];

interface Values {
  phone: string;
  smsCode: string;
  displayName: string;
  communityId: number;
  password: string;
}

/** Seconds before another code may be asked for (the server limits codes per phone and hour too). */
const RESEND_SECONDS = 60;

/**
 * `/login/register`: a resident registers with a phone number and an SMS code and joins their
 * community (public page, mobile first). Registered, they are signed in.
 */
export default function RegisterPage() {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const [communities, setCommunities] = useState<Community[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [sending, setSending] = useState(false);
  const [wait, setWait] = useState(0);
  const [sent, setSent] = useState(false);
  const { refresh } = useSession();
  const navigate = useNavigate();

  useEffect(() => {
    const controller = new AbortController();
    api
      .get<z.output<typeof communityOptionsResponse>>('/auth/register/communities', undefined, {
        signal: controller.signal,
      })
      .then(({ data }) => setCommunities(data))
      .catch((e) => {
        if (!controller.signal.aborted) setError(e);
      });
    return () => controller.abort();
  }, []);

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  const sendCode = async () => {
    setError(null);
    try {
      await form.validateFields(['phone']);
    } catch {
      return;
    }
    setSending(true);
    try {
      await api.post('/auth/register/sms-code', { phone: form.getFieldValue('phone') });
      setSent(true);
      setWait(RESEND_SECONDS);
    } catch (e) {
      if (!applyFieldErrors(form, e)) setError(e);
    } finally {
      setSending(false);
    }
  };

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const { data } = await api.post<{ data: { username: string } }>('/auth/register', values);
      await api.post('/auth/login', { username: data.username, password: values.password });
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
      <Card className="jc-login-card" data-testid="register-page">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('activation.register.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('activation.register.intro')}</Typography.Paragraph>
        {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} /> : null}
        {sent ? (
          <Alert type="success" showIcon title={t('activation.register.sent')} style={{ marginBottom: 16 }} />
        ) : null}
        <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="phone"
            label={t('activation.register.phone')}
            rules={[{ required: true, pattern: /^1\d{10}$/, message: t('activation.register.phoneInvalid') }]}
          >
            <Input inputMode="tel" autoComplete="tel" maxLength={11} data-testid="register-phone" />
          </Form.Item>
          <Form.Item label={t('activation.register.smsCode')} required>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item
                name="smsCode"
                noStyle
                rules={[
                  { required: true, pattern: /^\d{6}$/, message: t('activation.register.smsCodeInvalid') },
                ]}
              >
                <Input
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  data-testid="register-code"
                />
              </Form.Item>
              <Button onClick={sendCode} loading={sending} disabled={wait > 0} data-testid="register-send">
                {wait > 0 ? t('activation.register.resendIn', { n: wait }) : t('activation.register.send')}
              </Button>
            </Space.Compact>
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('activation.register.displayName')}
            rules={[{ required: true, message: t('activation.register.required') }]}
          >
            <Input autoComplete="name" maxLength={50} data-testid="register-name" />
          </Form.Item>
          <Form.Item
            name="communityId"
            label={t('activation.register.community')}
            rules={[{ required: true, message: t('activation.register.communityRequired') }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              options={communities.map((c) => ({ value: c.id, label: c.name }))}
              data-testid="register-community"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('activation.field.password')}
            extra={t('activation.field.passwordHelp')}
            rules={[{ required: true, message: t('activation.register.required') }]}
          >
            <Input.Password autoComplete="new-password" data-testid="register-password" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={busy}
            data-testid="register-submit"
          >
            {t('activation.register.submit')}
          </Button>
        </Form>
        <div
          style={{
            marginTop: 12,
            display: 'flex',
            justifyContent: 'space-between',
            flexWrap: 'wrap',
            gap: 8,
          }}
        >
          <Link to="/login">{t('activation.back')}</Link>
          <Link to="/login/activate">{t('activation.register.member')}</Link>
        </div>
      </Card>
    </main>
  );
}
