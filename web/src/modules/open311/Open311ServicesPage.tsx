import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Drawer, Form, Input, Select, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ATTRIBUTE_DATATYPES } from '../../../../server/src/modules/open311/open311.contract.ts';
import { showFormError } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { useMessage } from '../../shared/message.ts';
import { useIsPhone } from '../../shared/useIsPhone.ts';
import { useList } from '../../shared/useList.ts';
import { open311Api, type ServiceSetting } from './api.ts';

type Service = ServiceSetting;
type Datatype = (typeof ATTRIBUTE_DATATYPES)[number];

interface AttributeRow {
  code: string;
  description: string;
  datatype: Datatype;
  required: boolean;
  variable: boolean;
  datatypeDescription?: string;
  /** One option a line: `key=名称`. */
  values?: string;
}

const isList = (d: Datatype | undefined) => d === 'singlevaluelist' || d === 'multivaluelist';

/**
 * Open311 service definitions: each request category is a GeoReport service; the attributes it
 * asks for (shown by `services/{code}.json`, where `metadata` is true) are set here.
 */
export default function Open311ServicesPage() {
  const t = useT();
  const message = useMessage();
  const isPhone = useIsPhone();
  const list = useList<Service>((_query, signal) => open311Api.services({ signal }));
  const [editing, setEditing] = useState<Service | null>(null);
  const [form] = Form.useForm<{ attributes: AttributeRow[] }>();
  const [saving, setSaving] = useState(false);

  const open = (service: Service) => {
    setEditing(service);
    form.setFieldsValue({
      attributes: service.attributes.map((a) => ({
        code: a.code,
        description: a.description,
        datatype: a.datatype,
        required: a.required,
        variable: a.variable,
        datatypeDescription: a.datatype_description ?? undefined,
        values: a.values.map((v) => `${v.key}=${v.name}`).join('\n'),
      })),
    });
  };

  const save = async (values: { attributes?: AttributeRow[] }) => {
    if (!editing) return;
    setSaving(true);
    try {
      await open311Api.putAttributes({
        params: { code: editing.service_code },
        body: {
          attributes: (values.attributes ?? []).map((a) => ({
            code: a.code,
            description: a.description,
            datatype: a.datatype,
            required: a.required ?? false,
            variable: a.variable ?? true,
            datatypeDescription: a.datatypeDescription || null,
            values: isList(a.datatype)
              ? (a.values ?? '')
                  .split('\n')
                  .map((line) => line.trim())
                  .filter(Boolean)
                  .map((line) => {
                    const [key, ...name] = line.split('=');
                    return { key: key.trim(), name: (name.join('=') || key).trim() };
                  })
              : [],
          })),
        },
      });
      message.success(t('open311.services.saved'));
      setEditing(null);
      list.reload();
    } catch (error) {
      showFormError(form, error, message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <ListPage<Service, Record<string, never>>
      title={t('open311.services.title')}
      intro={t('open311.services.intro')}
      list={list}
      rowKey={(s) => s.service_code}
      onRowClick={open}
      testId="open311-services"
      columns={[
        { title: t('open311.services.name'), dataIndex: 'service_name' },
        { title: t('open311.services.code'), dataIndex: 'service_code' },
        {
          title: t('open311.services.attributes'),
          dataIndex: 'attributes',
          render: (attributes: Service['attributes']) =>
            attributes.length === 0 ? (
              <Typography.Text type="secondary">{t('open311.services.none')}</Typography.Text>
            ) : (
              <Space size={4} wrap>
                {attributes.map((a) => (
                  <Tag key={a.code}>{a.description}</Tag>
                ))}
              </Space>
            ),
        },
        {
          title: t('open311.status'),
          dataIndex: 'active',
          render: (active: boolean) =>
            active ? (
              <Tag color="green">{t('open311.active')}</Tag>
            ) : (
              <Tag>{t('open311.services.inactive')}</Tag>
            ),
        },
        {
          title: t('common.table.actions'),
          key: 'edit',
          render: (_: unknown, s: Service) => (
            <Button size="small" data-testid={`open311-edit-${s.service_code}`} onClick={() => open(s)}>
              {t('open311.services.edit')}
            </Button>
          ),
        },
      ]}
    >
      <Drawer
        open={editing !== null}
        onClose={() => setEditing(null)}
        width={isPhone ? '100%' : 640}
        title={editing ? `${editing.service_name}（${editing.service_code}）` : ''}
        destroyOnHidden
        extra={
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="open311-save">
            {t('open311.services.save')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('open311.services.hint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.List name="attributes">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, i) => (
                  <div
                    key={field.key}
                    className="jc-attribute"
                    style={{ borderTop: '1px solid #eee', paddingTop: 12 }}
                  >
                    <Space wrap align="start">
                      <Form.Item
                        name={[field.name, 'code']}
                        label={t('open311.services.attrCode')}
                        rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,40}$/ }]}
                      >
                        <Input style={{ width: 140 }} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'description']}
                        label={t('open311.services.attrDescription')}
                        rules={[{ required: true }]}
                      >
                        <Input style={{ width: isPhone ? 300 : 220 }} maxLength={200} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'datatype']}
                        label={t('open311.services.datatype')}
                        rules={[{ required: true }]}
                      >
                        <Select
                          style={{ width: 140 }}
                          options={ATTRIBUTE_DATATYPES.map((d) => ({
                            value: d,
                            label: t(`open311.services.datatype.${d}`),
                          }))}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'required']}
                        label={t('open311.services.required')}
                        valuePropName="checked"
                        initialValue={false}
                      >
                        <Switch />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'variable']}
                        label={t('open311.services.variable')}
                        valuePropName="checked"
                        initialValue
                      >
                        <Switch />
                      </Form.Item>
                      <Button
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('open311.services.remove')}
                        onClick={() => remove(field.name)}
                        style={{ marginTop: 30 }}
                      />
                    </Space>
                    <Form.Item noStyle shouldUpdate>
                      {() =>
                        isList(form.getFieldValue(['attributes', i, 'datatype'])) ? (
                          <Form.Item
                            name={[field.name, 'values']}
                            label={t('open311.services.values')}
                            rules={[{ required: true }]}
                          >
                            <Input.TextArea rows={3} placeholder={t('open311.services.valuesPlaceholder')} />
                          </Form.Item>
                        ) : null
                      }
                    </Form.Item>
                  </div>
                ))}
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ datatype: 'string', required: false, variable: true })}
                  data-testid="open311-add-attribute"
                >
                  {t('open311.services.add')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Drawer>
    </ListPage>
  );
}
