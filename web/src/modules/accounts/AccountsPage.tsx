import { KeyOutlined, MoreOutlined, PlusOutlined, PrinterOutlined, TeamOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Dropdown,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type {
  AccountDto,
  resetPasswordResponse,
  temporaryPasswordResponse,
} from '../../../../server/src/modules/accounts/accounts.contract.ts';
import { useSession } from '../../app/session.tsx';
import { api, type Paged } from '../../shared/api.ts';
import { errorText, showFormError } from '../../shared/errors.ts';
import { FilterActions } from '../../shared/FilterActions.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { useMessage } from '../../shared/message.ts';
import { ROLE_KEYS } from '../../shared/messages.ts';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import type { Role } from '../../shared/session-types.ts';
import { useList } from '../../shared/useList.ts';

type Temporary = z.infer<typeof temporaryPasswordResponse>['data'];
type ResetResult = z.infer<typeof resetPasswordResponse>['data'];
type Slip = NonNullable<ResetResult['slip']>;
type Status = AccountDto['status'];

const STATUS_COLORS: Record<Status, string> = { active: 'green', locked: 'orange', disabled: 'default' };
const ROLES = Object.keys(ROLE_KEYS) as Role[];
const ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];
const isAdminAccount = (account: AccountDto) => account.roles.some((r) => ADMIN_ROLES.includes(r.role));

/** Only the slip is printed: everything else on the page is hidden on paper. */
const PRINT_CSS = `@media print {
  body * { visibility: hidden !important; }
  .jc-print-slip, .jc-print-slip * { visibility: visible !important; }
  .jc-print-slip { position: fixed; left: 0; top: 0; width: 100%; }
}`;

/**
 * The sealed slip (密码密封单): the only place a reset's temporary password is shown, once. The
 * administrator prints it, seals it and hands it to the person; it is not kept anywhere.
 */
function SlipModal({ slip, onClose }: { slip: Slip | null; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open={slip !== null}
      title={t('accounts.slip.title')}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Space>
          <Button icon={<PrinterOutlined />} type="primary" onClick={() => window.print()}>
            {t('accounts.slip.print')}
          </Button>
          <Button onClick={onClose}>{t('accounts.slip.done')}</Button>
        </Space>
      }
    >
      {slip && (
        <>
          <style>{PRINT_CSS}</style>
          <Alert type="warning" showIcon title={t('accounts.slip.intro')} style={{ marginBottom: 16 }} />
          <div
            className="jc-print-slip"
            data-testid="password-slip"
            style={{ border: '2px dashed #999', padding: 16, fontSize: 14, lineHeight: 1.9 }}
          >
            <Typography.Title level={4} style={{ textAlign: 'center', marginTop: 0 }}>
              {t('accounts.slip.heading')}
            </Typography.Title>
            <div>
              {t('accounts.slip.to')}：{slip.displayName}（{slip.username}）
            </div>
            <div style={{ borderTop: '1px dashed #999', borderBottom: '1px dashed #999', margin: '12px 0' }}>
              {t('accounts.slip.password')}：
              <span
                className="jc-secret"
                data-testid="slip-password"
                style={{ fontSize: 20, fontFamily: 'monospace' }}
              >
                {slip.temporaryPassword}
              </span>
            </div>
            <div>{t('accounts.slip.until', { time: formatDateTime(slip.expiresAt) })}</div>
            <div>{t('accounts.slip.rules')}</div>
            <div style={{ color: '#666', fontSize: 12, marginTop: 8 }}>
              {t('accounts.slip.issued', {
                by: slip.issuedBy,
                time: formatDateTime(slip.issuedAt),
                id: slip.resetId,
              })}
            </div>
          </div>
        </>
      )}
    </Modal>
  );
}

/** Choose how the temporary password reaches the person: their phone, or a sealed slip. */
function ResetModal({
  account,
  onClose,
  onDone,
}: {
  account: AccountDto | null;
  onClose: () => void;
  onDone: (result: ResetResult) => void;
}) {
  const t = useT();
  const message = useMessage();
  const [delivery, setDelivery] = useState<'sms' | 'slip'>('slip');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setDelivery(account?.phone ? 'sms' : 'slip');
  }, [account]);
  if (!account) return null;
  const submit = async () => {
    setBusy(true);
    try {
      const { data } = await api.post<{ data: ResetResult }>(`/accounts/${account.id}/reset-password`, {
        delivery,
      });
      onDone(data);
    } catch (error) {
      message.error(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('accounts.reset.title', { name: account.displayName })}
      okText={t('accounts.reset.submit')}
      cancelText={t('common.action.cancel')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={busy}
    >
      <Typography.Paragraph>{t('accounts.reset.intro')}</Typography.Paragraph>
      <Radio.Group value={delivery} onChange={(e) => setDelivery(e.target.value)}>
        <Space orientation="vertical">
          <Radio value="sms" disabled={!account.phone}>
            {account.phone
              ? t('accounts.reset.sms', { phone: account.phone })
              : t('accounts.reset.smsNoPhone')}
          </Radio>
          <Radio value="slip">{t('accounts.reset.slip')}</Radio>
        </Space>
      </Radio.Group>
    </Modal>
  );
}

function TemporaryPasswordModal({ result, onClose }: { result: Temporary | null; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open={result !== null}
      title={t('accounts.temp.title')}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('common.action.close')}
        </Button>
      }
    >
      {result && (
        <>
          <Alert
            type="warning"
            showIcon
            title={t('accounts.temp.intro', { name: result.account.displayName })}
            style={{ marginBottom: 16 }}
          />
          <Typography.Paragraph
            copyable={{ text: result.temporaryPassword }}
            className="jc-secret"
            data-testid="temporary-password"
            style={{ fontSize: 20, textAlign: 'center' }}
          >
            {result.temporaryPassword}
          </Typography.Paragraph>
        </>
      )}
    </Modal>
  );
}

function AccountFormModal({
  account,
  open,
  onClose,
  onSaved,
}: {
  account: AccountDto | null;
  open: boolean;
  onClose: () => void;
  onSaved: (result: Temporary | null) => void;
}) {
  const t = useT();
  const message = useMessage();
  const [form] = Form.useForm<{ orgId?: number; username?: string; displayName: string; phone?: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const phone = values.phone?.trim() || undefined;
      if (account) {
        await api.patch(`/accounts/${account.id}`, { displayName: values.displayName.trim(), phone });
        message.success(t('common.state.saved'));
        onSaved(null);
      } else {
        const { data } = await api.post<{ data: Temporary }>(`/orgs/${values.orgId}/accounts`, {
          username: values.username?.trim(),
          displayName: values.displayName.trim(),
          phone,
        });
        message.success(t('accounts.create.done'));
        onSaved(data);
      }
    } catch (error) {
      showFormError(form, error, message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={account ? t('accounts.edit.title', { name: account.displayName }) : t('accounts.create.title')}
      okText={t('common.action.save')}
      cancelText={t('common.action.cancel')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={account ? { displayName: account.displayName } : undefined}
      >
        {!account && (
          <>
            <Form.Item
              name="orgId"
              label={t('accounts.create.org')}
              rules={[{ required: true, message: t('accounts.create.orgRequired') }]}
            >
              <OrgPicker />
            </Form.Item>
            <Form.Item
              name="username"
              label={t('accounts.field.username')}
              extra={t('accounts.field.usernameRule')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input maxLength={32} autoComplete="off" />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="displayName"
          label={t('accounts.field.displayName')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('accounts.field.phone')}
          extra={account?.phone ? t('accounts.field.phoneKeep', { phone: account.phone }) : undefined}
        >
          <Input maxLength={11} inputMode="numeric" autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RolesDrawer({
  account,
  onClose,
  onChanged,
}: {
  account: AccountDto | null;
  onClose: () => void;
  onChanged: (account: AccountDto) => void;
}) {
  const t = useT();
  const { can } = useSession();
  const message = useMessage();
  const [form] = Form.useForm<{ role: Role; orgId: number }>();
  const [busy, setBusy] = useState(false);
  if (!account) return null;

  const grant = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const { data } = await api.post<{ data: AccountDto }>(`/accounts/${account.id}/role-grants`, values);
      message.success(t('accounts.roles.granted'));
      form.resetFields();
      onChanged(data);
    } catch (error) {
      showFormError(form, error, message);
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (grantId: number) => {
    try {
      const { data } = await api.post<{ data: AccountDto }>(`/role-grants/${grantId}/revoke`);
      message.success(t('accounts.roles.revoked'));
      onChanged(data);
    } catch (error) {
      message.error(errorText(error));
    }
  };

  return (
    <Drawer
      open
      onClose={onClose}
      title={t('accounts.roles.title', { name: account.displayName })}
      size={480}
    >
      <List
        bordered
        dataSource={account.roles}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('accounts.roles.none')} />,
        }}
        renderItem={(r) => (
          <List.Item
            actions={
              can('roles.revoke')
                ? [
                    <Popconfirm
                      key="revoke"
                      title={t('accounts.roles.revokeConfirm', {
                        role: t(ROLE_KEYS[r.role]),
                        org: r.orgName,
                      })}
                      okText={t('common.action.confirm')}
                      cancelText={t('common.action.cancel')}
                      onConfirm={() => revoke(r.id)}
                    >
                      <Button type="link" danger size="small">
                        {t('accounts.roles.revoke')}
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <List.Item.Meta title={t(ROLE_KEYS[r.role])} description={r.orgName} />
          </List.Item>
        )}
      />
      {can('roles.grant') && (
        <Card size="small" title={t('accounts.roles.grant')} style={{ marginTop: 16 }}>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('accounts.roles.hint')}
          </Typography.Paragraph>
          <Form form={form} layout="vertical" onFinish={grant}>
            <Form.Item
              name="role"
              label={t('accounts.roles.role')}
              rules={[{ required: true, message: t('accounts.roles.roleRequired') }]}
            >
              <Select options={ROLES.map((r) => ({ value: r, label: t(ROLE_KEYS[r]) }))} />
            </Form.Item>
            <Form.Item
              name="orgId"
              label={t('accounts.roles.org')}
              rules={[{ required: true, message: t('accounts.roles.orgRequired') }]}
            >
              <OrgPicker />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} icon={<KeyOutlined />}>
              {t('accounts.roles.grant')}
            </Button>
          </Form>
        </Card>
      )}
    </Drawer>
  );
}

/** `/accounts`: accounts in the administrator's scope, their status and roles. */
export default function AccountsPage() {
  const t = useT();
  const { can, me } = useSession();
  const user = me?.user;
  const { modal } = App.useApp();
  const message = useMessage();
  const [filterForm] = Form.useForm<{ q?: string; orgId?: number }>();
  const list = useList<AccountDto, { q?: string; orgId?: number }>(({ filters, page, pageSize }, signal) =>
    api.get<Paged<AccountDto>>(
      '/accounts',
      { q: filters.q?.trim() || undefined, orgId: filters.orgId, page, pageSize },
      { signal },
    ),
  );
  const [editing, setEditing] = useState<AccountDto | 'new' | null>(null);
  const [rolesOf, setRolesOf] = useState<AccountDto | null>(null);
  const [temporary, setTemporary] = useState<Temporary | null>(null);
  const [resetting, setResetting] = useState<AccountDto | null>(null);
  const [slip, setSlip] = useState<Slip | null>(null);

  const replace = (account: AccountDto) => {
    list.updateRows((current) => current.map((a) => (a.id === account.id ? account : a)));
    setRolesOf((current) => (current?.id === account.id ? account : current));
  };

  const confirmThen = (text: string, run: () => Promise<void>) =>
    modal.confirm({
      title: text,
      okText: t('common.action.confirm'),
      cancelText: t('common.action.cancel'),
      onOk: async () => {
        try {
          await run();
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });

  const simpleAction = (account: AccountDto, suffix: 'disable' | 'enable' | 'unlock' | 'reset-totp') =>
    confirmThen(t(`accounts.${suffix}.confirm`, { name: account.displayName }), async () => {
      const { data } = await api.post<{ data: AccountDto }>(`/accounts/${account.id}/${suffix}`);
      message.success(t('accounts.done'));
      replace(data);
    });

  const onReset = (result: ResetResult) => {
    setResetting(null);
    replace(result.account);
    if (result.slip) setSlip(result.slip);
    else message.success(t('accounts.reset.sent', { phone: result.sentTo ?? '' }));
  };

  // 三员分立: the security administrator manages the 三员's accounts, the system administrator the
  // business accounts; nobody manages their own (the server decides the same way).
  const manages = (account: AccountDto, permission: string) =>
    account.id !== user?.id && (isAdminAccount(account) ? can('accounts.manage_admins') : can(permission));

  const moreItems = (account: AccountDto) =>
    [
      manages(account, 'accounts.disable') &&
        account.status !== 'disabled' && { key: 'disable', label: t('accounts.disable'), danger: true },
      manages(account, 'accounts.disable') &&
        account.status === 'disabled' && { key: 'enable', label: t('accounts.enable') },
      can('accounts.unlock') && account.status === 'locked' && { key: 'unlock', label: t('accounts.unlock') },
      manages(account, 'accounts.reset_password') && { key: 'reset', label: t('accounts.resetPassword') },
      can('accounts.reset_totp') &&
        account.totpEnabled &&
        account.id !== user?.id && { key: 'reset-totp', label: t('accounts.resetTotp') },
    ].filter((item) => item !== false);

  return (
    <ListPage<AccountDto, { q?: string; orgId?: number }>
      title={t('accounts.title')}
      intro={t('accounts.intro')}
      actions={
        can('accounts.create') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('accounts.create')}
          </Button>
        )
      }
      filters={
        <Form form={filterForm} layout="inline" onFinish={(values) => list.setFilters(values)}>
          <Form.Item name="q">
            <Input allowClear placeholder={t('accounts.filter.q')} style={{ width: 200 }} maxLength={50} />
          </Form.Item>
          <Form.Item name="orgId" style={{ minWidth: 240 }}>
            <OrgPicker allowClear placeholder={t('accounts.filter.org')} />
          </Form.Item>
          <FilterActions
            onReset={() => {
              filterForm.resetFields();
              list.setFilters({});
            }}
          />
        </Form>
      }
      list={list}
      rowKey={(a) => a.id}
      scrollX={1360}
      cardTitle={(a) => `${a.displayName}（${a.username}）`}
      columns={[
        { title: t('accounts.col.username'), dataIndex: 'username', width: 120, fixed: 'left' },
        { title: t('accounts.col.displayName'), dataIndex: 'displayName', width: 170 },
        {
          title: t('accounts.col.phone'),
          dataIndex: 'phone',
          width: 120,
          render: (v: string | null) => v ?? '—',
        },
        { title: t('accounts.col.homeOrg'), key: 'homeOrg', width: 180, render: (_v, a) => a.homeOrg.name },
        {
          title: t('accounts.col.roles'),
          key: 'roles',
          width: 240,
          render: (_v, a) => (
            <Space size={[4, 4]} wrap>
              {a.roles.map((r) => (
                <Tag key={r.id} color="red" title={r.orgName}>
                  {t(ROLE_KEYS[r.role])}
                </Tag>
              ))}
            </Space>
          ),
        },
        {
          title: t('accounts.col.status'),
          dataIndex: 'status',
          width: 90,
          render: (s: Status, a) => (
            <Space size={[4, 4]} wrap>
              <Tag color={STATUS_COLORS[s]}>{t(`accounts.status.${s}`)}</Tag>
              {a.passwordResetPending && <Tag color="gold">{t('accounts.status.resetPending')}</Tag>}
            </Space>
          ),
        },
        {
          title: t('accounts.col.totp'),
          dataIndex: 'totpEnabled',
          width: 80,
          render: (on: boolean) => (on ? t('accounts.totp.on') : t('accounts.totp.off')),
        },
        {
          title: t('accounts.col.lastLogin'),
          dataIndex: 'lastLoginAt',
          width: 150,
          render: (v: string | null) => formatDateTime(v),
        },
        {
          title: t('accounts.col.actions'),
          key: 'actions',
          width: 190,
          fixed: 'right',
          render: (_v, a) => {
            const more = moreItems(a);
            return (
              <Space size={0}>
                {manages(a, 'accounts.update') && (
                  <Button type="link" size="small" onClick={() => setEditing(a)}>
                    {t('accounts.edit')}
                  </Button>
                )}
                {(can('roles.grant') || can('roles.revoke')) && (
                  <Button type="link" size="small" icon={<TeamOutlined />} onClick={() => setRolesOf(a)}>
                    {t('accounts.roles')}
                  </Button>
                )}
                {more.length > 0 && (
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: more,
                      onClick: ({ key }) => {
                        if (key === 'reset') setResetting(a);
                        else simpleAction(a, key as 'disable' | 'enable' | 'unlock' | 'reset-totp');
                      },
                    }}
                  >
                    <Button
                      type="link"
                      size="small"
                      icon={<MoreOutlined />}
                      aria-label={t('common.action.more')}
                    />
                  </Dropdown>
                )}
              </Space>
            );
          },
        },
      ]}
    >
      {editing !== null && (
        <AccountFormModal
          open
          account={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(result) => {
            setEditing(null);
            if (result) setTemporary(result);
            list.reload();
          }}
        />
      )}
      <RolesDrawer account={rolesOf} onClose={() => setRolesOf(null)} onChanged={replace} />
      <TemporaryPasswordModal result={temporary} onClose={() => setTemporary(null)} />
      <ResetModal account={resetting} onClose={() => setResetting(null)} onDone={onReset} />
      <SlipModal slip={slip} onClose={() => setSlip(null)} />
    </ListPage>
  );
}
