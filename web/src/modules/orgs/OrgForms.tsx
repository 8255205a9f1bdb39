import { Alert, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { showFormError } from '../../shared/errors.ts';
import { todayIso } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { useFormSubmit } from '../../shared/useFormSubmit.ts';
import { ORG_KINDS, ORG_LEVELS, type OrgDetail, type OrgDto, orgsApi, UNIT_TYPES } from './api.ts';
import { notifyOrgsChanged } from './events.ts';

interface OrgFormValues {
  code: string;
  name: string;
  shortName?: string;
  kind: OrgDto['kind'];
  level?: OrgDto['level'];
  unitType?: OrgDto['unitType'];
  establishedOn?: Dayjs | null;
  sortOrder?: number;
}

function OrgFields({ creating }: { creating: boolean }) {
  const t = useT();
  return (
    <Row gutter={16}>
      <Col xs={24} sm={16}>
        <Form.Item name="name" label={t('orgs.field.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={8}>
        <Form.Item name="shortName" label={t('orgs.field.shortName')}>
          <Input maxLength={40} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="code" label={t('orgs.field.code')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={40} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="kind" label={t('orgs.field.kind')} rules={[{ required: true }]}>
          <Select options={ORG_KINDS.map((k) => ({ value: k, label: t(`orgs.kind.${k}`) }))} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Alert type="info" showIcon title={t('orgs.create.placement')} style={{ marginBottom: 16 }} />
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="level" label={t('orgs.field.level')}>
          <Select allowClear options={ORG_LEVELS.map((k) => ({ value: k, label: t(`orgs.level.${k}`) }))} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="unitType" label={t('orgs.field.unitType')}>
          <Select
            allowClear
            options={UNIT_TYPES.map((k) => ({ value: k, label: t(`orgs.unitType.${k}`) }))}
          />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="establishedOn" label={t('orgs.field.establishedOn')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      {creating && (
        <Col xs={24} sm={12}>
          <Form.Item name="sortOrder" label={t('orgs.field.sortOrder')}>
            <InputNumber min={0} max={100000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      )}
    </Row>
  );
}

const dateOut = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);

/** Create a child organization (`POST /orgs/:id/children`) or edit one (`PATCH /orgs/:id`). */
export function OrgFormModal({
  open,
  parent,
  org,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** Set when creating: the new organization goes under it. */
  parent?: OrgDetail;
  /** Set when editing. */
  org?: OrgDetail;
  onClose: () => void;
  onSaved: (org: OrgDto) => void;
}) {
  const t = useT();
  const message = useMessage();
  const [form] = Form.useForm<OrgFormValues>();
  const [busy, setBusy] = useState(false);
  const editing = Boolean(org);

  const submit = async () => {
    const values = await form.validateFields();
    const body: Record<string, unknown> = {
      code: values.code?.trim(),
      name: values.name?.trim(),
      shortName: values.shortName?.trim() || null,
      kind: values.kind,
      level: values.level ?? null,
      unitType: values.unitType ?? null,
      establishedOn: dateOut(values.establishedOn),
      sortOrder: values.sortOrder ?? undefined,
    };
    setBusy(true);
    try {
      let saved: OrgDto;
      if (org) {
        // Send only what changed, so the history shows exactly the edit.
        const changed: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(body)) {
          if (value !== undefined && value !== (org as Record<string, unknown>)[key]) changed[key] = value;
        }
        // Nothing changed: nothing to send (the API refuses an empty update).
        saved =
          Object.keys(changed).length === 0
            ? org
            : (await orgsApi.update({ params: { id: org.id }, body: changed as never })).data;
        message.success(t('orgs.edit.done'));
      } else {
        const { sortOrder, ...rest } = body;
        const createBody = Object.fromEntries(
          Object.entries({ ...rest, sortOrder }).filter(([, v]) => v !== null && v !== undefined),
        );
        saved = (await orgsApi.createChild({ params: { id: parent?.id ?? 0 }, body: createBody as never }))
          .data;
        message.success(t('orgs.create.done'));
      }
      notifyOrgsChanged();
      onSaved(saved);
    } catch (error) {
      showFormError(form, error, message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={editing ? t('orgs.edit.title') : t('orgs.create.title', { name: parent?.name ?? '' })}
      okText={t('common.action.save')}
      cancelText={t('common.action.cancel')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      width={720}
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          org
            ? {
                code: org.code,
                name: org.name,
                shortName: org.shortName ?? undefined,
                kind: org.kind,
                level: org.level ?? undefined,
                unitType: org.unitType ?? undefined,
                establishedOn: org.establishedOn ? dayjs(org.establishedOn) : undefined,
              }
            : { kind: 'branch' }
        }
      >
        <OrgFields creating={!editing} />
      </Form>
    </Modal>
  );
}

export function MoveOrgModal({
  open,
  org,
  onClose,
  onSaved,
}: {
  open: boolean;
  org: OrgDetail;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const message = useMessage();
  const [form] = Form.useForm<{ targetParentId: number }>();
  const { busy, submit } = useFormSubmit(form, async (values) => {
    await orgsApi.move({ params: { id: org.id }, body: { targetParentId: values.targetParentId } });
    message.success(t('orgs.move.done'));
    notifyOrgsChanged();
    onSaved();
  });
  return (
    <Modal
      open={open}
      title={t('orgs.move.title', { name: org.name })}
      okText={t('common.action.confirm')}
      cancelText={t('common.action.cancel')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('orgs.move.hint')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="targetParentId"
          label={t('orgs.move.target')}
          rules={[{ required: true, message: t('orgs.move.targetRequired') }]}
        >
          <OrgPicker excludeId={org.id} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CloseOrgModal({
  open,
  org,
  onClose,
  onSaved,
}: {
  open: boolean;
  org: OrgDetail;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const message = useMessage();
  const [form] = Form.useForm<{ reason: string; closedOn: Dayjs }>();
  const { busy, submit } = useFormSubmit(form, async (values) => {
    await orgsApi.close({
      params: { id: org.id },
      body: { reason: values.reason.trim(), closedOn: dateOut(values.closedOn) ?? todayIso() },
    });
    message.success(t('orgs.close.done'));
    notifyOrgsChanged();
    onSaved();
  });
  return (
    <Modal
      open={open}
      title={t('orgs.close.title', { name: org.name })}
      okText={t('orgs.close.submit')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.action.cancel')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('orgs.close.warning')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" preserve={false} initialValues={{ closedOn: dayjs() }}>
        <Form.Item
          name="reason"
          label={t('orgs.close.reason')}
          rules={[{ required: true, min: 2, whitespace: true, message: t('orgs.close.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
        <Form.Item name="closedOn" label={t('orgs.close.closedOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
