import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Modal, Popconfirm, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorText, showFormError } from '../../shared/errors.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { useMessage } from '../../shared/message.ts';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { useList } from '../../shared/useList.ts';

import { type ApiKey, open311Api } from './api.ts';

/** The system administrator issues and revokes the hotline's Open311 keys. */
export default function Open311KeysPage() {
  const t = useT();
  const message = useMessage();
  const list = useList<ApiKey>((_query, signal) => open311Api.keys({ signal }));
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<(ApiKey & { key: string }) | null>(null);
  const [form] = Form.useForm<{ orgId: number; name: string }>();

  const create = async (values: { orgId: number; name: string }) => {
    try {
      const { data } = await open311Api.createKey({
        params: { id: values.orgId },
        body: { name: values.name },
      });
      setCreating(false);
      form.resetFields();
      setCreated(data);
      list.reload();
    } catch (error) {
      showFormError(form, error, message);
    }
  };

  const revoke = async (id: number) => {
    try {
      await open311Api.revokeKey({ params: { id } });
      message.success(t('open311.revokedDone'));
      list.reload();
    } catch (error) {
      message.error(errorText(error));
    }
  };

  return (
    <Card
      title={t('open311.title')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="open311-create"
        >
          {t('open311.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('open311.intro')}</Typography.Paragraph>
      <Typography.Paragraph>
        {t('open311.endpoint')}：
        <Typography.Text code copyable>{`${window.location.origin}/open311/v2/`}</Typography.Text>
        <Typography.Text type="secondary">
          {' '}
          services.json · requests.json · requests/{'{id}'}.json · servicerequestupdates.json
        </Typography.Text>
      </Typography.Paragraph>
      <ListPage<ApiKey, Record<string, never>>
        bare
        testId="open311-keys"
        list={list}
        rowKey={(r) => r.id}
        columns={[
          { title: t('open311.name'), dataIndex: 'name' },
          { title: t('open311.org'), dataIndex: 'orgName' },
          {
            title: t('open311.prefix'),
            dataIndex: 'keyPrefix',
            render: (v: string) => <Typography.Text code>{v}…</Typography.Text>,
          },
          { title: t('open311.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          {
            title: t('open311.lastUsedAt'),
            dataIndex: 'lastUsedAt',
            render: (v: string | null) => (v ? formatDateTime(v) : t('open311.never')),
          },
          {
            title: t('open311.status'),
            dataIndex: 'revokedAt',
            render: (v: string | null) =>
              v ? (
                <Tag>{`${t('open311.revoked')} ${formatDateTime(v)}`}</Tag>
              ) : (
                <Tag color="green">{t('open311.active')}</Tag>
              ),
          },
          {
            title: t('common.table.actions'),
            width: 80,
            render: (_: unknown, r) =>
              r.revokedAt ? null : (
                <Popconfirm title={t('open311.revokeConfirm')} onConfirm={() => revoke(r.id)}>
                  <Button size="small" danger>
                    {t('open311.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('open311.create')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={create}>
          <Form.Item name="orgId" label={t('open311.org')} rules={[{ required: true }]}>
            <OrgPicker />
          </Form.Item>
          <Form.Item name="name" label={t('open311.name')} rules={[{ required: true, min: 2 }]}>
            <Input maxLength={60} placeholder={t('open311.namePlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={created !== null}
        title={
          <>
            <KeyOutlined /> {t('open311.newKey')}：{created?.name}
          </>
        }
        closable={false}
        maskClosable={false}
        footer={
          <Button type="primary" onClick={() => setCreated(null)}>
            {t('open311.close')}
          </Button>
        }
      >
        <Alert type="warning" showIcon message={t('open311.shownOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph
          copyable={{ text: created?.key }}
          code
          data-testid="open311-new-key"
          style={{ wordBreak: 'break-all' }}
        >
          {created?.key}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
