import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, QRCode, Space, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { LanguageSwitch } from '../../app/AppLayout.tsx';
import { FullPageSpin } from '../../app/guards.tsx';
import { useSession } from '../../app/session.tsx';
import { ApiError } from '../../shared/api.ts';
import { applyFieldErrors, errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import type { TotpSetup } from '../../shared/session-types.ts';
import { authApi } from './api.ts';

/** Only same-app paths: `?next=` never sends the user to another site. */
function safeNext(value: string | null): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/login')) return '/';
  return value;
}

function ErrorAlert({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  let title = t('auth.failed');
  if (error instanceof ApiError && error.status === 423) title = t('auth.locked');
  if (error instanceof ApiError && error.status === 429) title = t('auth.rateLimited');
  return (
    <Alert type="error" showIcon title={title} description={errorText(error)} style={{ marginBottom: 16 }} />
  );
}

function PasswordStep({ onDone }: { onDone: () => Promise<void> }) {
  const t = useT();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await authApi.login({ body: values });
      await onDone();
    } catch (e) {
      if (!applyFieldErrors(form, e)) setError(e);
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" size="large" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="username"
          label={t('auth.username')}
          rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}
        >
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus maxLength={64} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          rules={[{ required: true, message: t('auth.passwordRequired') }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={128} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('auth.submit')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
        {t('auth.notice')}
      </Typography.Paragraph>
    </>
  );
}

function CodeForm({
  step,
  submitLabel,
  onDone,
}: {
  /** The second-factor call: enrol (first code) or verify (each sign-in). */
  step: 'totpEnable' | 'totpVerify';
  submitLabel: string;
  onDone: () => Promise<void>;
}) {
  const t = useT();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async ({ code }: { code: string }) => {
    setBusy(true);
    setError(null);
    try {
      await authApi[step]({ body: { code } });
      await onDone();
    } catch (e) {
      if (!applyFieldErrors(form, e)) setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
      <ErrorAlert error={error} />
      <Form.Item
        name="code"
        label={t('auth.mfa.code')}
        rules={[{ required: true, pattern: /^\d{6}$/, message: t('auth.mfa.codeRequired') }]}
      >
        <Input.OTP length={6} autoFocus />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={busy} icon={<SafetyOutlined />}>
        {submitLabel}
      </Button>
    </Form>
  );
}

function EnrollStep({ onDone }: { onDone: () => Promise<void> }) {
  const t = useT();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [error, setError] = useState<unknown>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    authApi
      .totpSetup()
      .then(({ data }) => setSetup(data))
      .catch(setError);
  }, []);
  if (error) return <ErrorAlert error={error} />;
  if (!setup) {
    return (
      <div className="jc-center">
        <Spin tip={t('auth.enroll.loading')}>
          <div style={{ width: 80, height: 40 }} />
        </Spin>
      </div>
    );
  }
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Paragraph style={{ marginBottom: 0 }}>{t('auth.enroll.intro')}</Typography.Paragraph>
      <div style={{ display: 'flex', justifyContent: 'center' }}>
        <QRCode value={setup.otpauthUrl} type="svg" size={176} bordered={false} />
      </div>
      <div>
        <Typography.Text type="secondary">{t('auth.enroll.secret')}</Typography.Text>
        <Typography.Paragraph
          copyable={{ text: setup.secret }}
          className="jc-secret"
          style={{ marginBottom: 4 }}
        >
          {setup.secret.replace(/(.{4})/g, '$1 ').trim()}
        </Typography.Paragraph>
        <Typography.Text type="secondary">{t('auth.enroll.url')}</Typography.Text>
        <Typography.Paragraph copyable style={{ fontSize: 12, wordBreak: 'break-all' }}>
          {setup.otpauthUrl}
        </Typography.Paragraph>
      </div>
      <Typography.Text>{t('auth.enroll.step')}</Typography.Text>
      <CodeForm step="totpEnable" submitLabel={t('auth.enroll.submit')} onDone={onDone} />
    </Space>
  );
}

function ChangePasswordStep({ onDone }: { onDone: () => Promise<void> }) {
  const t = useT();
  const message = useMessage();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (values: { currentPassword: string; newPassword: string }) => {
    setBusy(true);
    setError(null);
    try {
      await authApi.changePassword({
        body: { currentPassword: values.currentPassword, newPassword: values.newPassword },
      });
      message.success(t('auth.password.done'));
      await onDone();
    } catch (e) {
      if (!applyFieldErrors(form, e)) setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
      <Typography.Paragraph>{t('auth.password.intro')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <Form.Item
        name="currentPassword"
        label={t('auth.password.current')}
        rules={[
          { required: true, message: t('auth.password.required', { field: t('auth.password.current') }) },
        ]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('auth.password.new')}
        extra={t('auth.password.rule')}
        rules={[{ required: true, message: t('auth.password.required', { field: t('auth.password.new') }) }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('auth.password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('auth.password.required', { field: t('auth.password.confirm') }) },
          ({ getFieldValue }) => ({
            validator: (_rule, value) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('auth.password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={busy}>
        {t('auth.password.submit')}
      </Button>
    </Form>
  );
}

/** `/login`: password, then whatever the server still asks for (TOTP enrolment, TOTP code, new password). */
export default function LoginPage() {
  const t = useT();
  const { state, me, refresh, logout } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));

  if (state.status === 'loading') return <FullPageSpin />;
  if (me && !me.pending) return <Navigate to={next} replace />;

  const done = async () => {
    const fresh = await refresh();
    if (fresh && !fresh.pending) navigate(next, { replace: true });
  };

  let title = t('auth.title');
  let body = <PasswordStep onDone={done} />;
  if (me?.pending === 'mfa') {
    title = t('auth.mfa.title');
    body = (
      <>
        <Typography.Paragraph>{t('auth.mfa.intro')}</Typography.Paragraph>
        <CodeForm step="totpVerify" submitLabel={t('auth.mfa.submit')} onDone={done} />
      </>
    );
  } else if (me?.pending === 'mfa_enrollment') {
    title = t('auth.enroll.title');
    body = <EnrollStep onDone={done} />;
  } else if (me?.pending === 'password_change') {
    title = t('auth.password.title');
    body = <ChangePasswordStep onDone={done} />;
  }

  return (
    <main className="jc-login">
      <div style={{ position: 'fixed', top: 12, right: 12 }}>
        <LanguageSwitch />
      </div>
      <Card className="jc-login-card">
        <div className="jc-login-brand">
          <span className="jc-brand-mark">基</span>
          <div>
            <Typography.Title level={1} style={{ margin: 0, letterSpacing: 2, fontSize: 24 }}>
              {t('app.product')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('auth.subtitle')}</Typography.Text>
          </div>
        </div>
        <Typography.Title level={2} style={{ marginTop: 0, fontSize: 20 }}>
          {title}
        </Typography.Title>
        {state.status === 'anonymous' && state.reason && !me && (
          <Alert type="warning" showIcon title={state.reason} style={{ marginBottom: 16 }} />
        )}
        {body}
        {!me && (
          <div className="jc-login-links">
            <Link to="/login/activate">{t('activation.register.member')}</Link>
            <Link to="/login/register">{t('activation.register.link')}</Link>
          </div>
        )}
        {me?.pending && (
          <Button type="link" block style={{ marginTop: 8 }} onClick={() => logout()}>
            {t('auth.switchAccount')}
          </Button>
        )}
      </Card>
      <Typography.Text type="secondary" style={{ marginTop: 24, fontSize: 12 }}>
        {t('auth.footer')}
      </Typography.Text>
    </main>
  );
}
