import { Button, Card, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, Timeline } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { showFormError } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import { useRecord } from '../../shared/useRecord.tsx';
import { type MemberDetail, membersApi } from './api.ts';
import { MemberForm } from './MemberForm.tsx';
import { RevealDialog } from './RevealDialog.tsx';

export function MemberCard({ member }: { member: MemberDetail }) {
  const t = useT();
  return (
    <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }}>
      <Descriptions.Item label={t('members.field.name')}>{member.name}</Descriptions.Item>
      <Descriptions.Item label={t('members.field.gender')}>
        {t(`members.gender.${member.gender}`)}
      </Descriptions.Item>
      <Descriptions.Item label={t('members.field.age')}>
        {t('members.detail.age', { n: member.age })}
      </Descriptions.Item>
      <Descriptions.Item label={t('members.field.ethnicity')}>{member.ethnicity ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('members.field.idNumber')}>{member.idNumber}</Descriptions.Item>
      <Descriptions.Item label={t('members.field.phone')}>{member.phone ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('members.field.address')}>{member.address ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('members.field.education')}>
        {member.education ? t(`members.education.${member.education}`) : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('members.field.workUnit')}>{member.workUnit ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('members.field.org')}>{member.orgName}</Descriptions.Item>
      <Descriptions.Item label={t('members.field.joinedOn')}>{member.joinedOn}</Descriptions.Item>
      <Descriptions.Item label={t('members.field.fullOn')}>{member.fullOn ?? '—'}</Descriptions.Item>
      {member.probationEnd && (
        <Descriptions.Item label={t('members.field.probationEnd')}>
          <span data-testid="probation-end">{member.probationEnd}</span>
          {member.conversionOverdue && (
            <Tag color="red" style={{ marginInlineStart: 8 }}>
              {t('members.detail.overdue')}
            </Tag>
          )}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('members.field.status')}>
        <Tag color="red">{t(`members.status.${member.status}`)}</Tag>
        {t('members.detail.since', { date: member.statusSince })}
      </Descriptions.Item>
      <Descriptions.Item label={t('members.field.partyBirthday')}>
        {member.partyBirthday.slice(5)}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** `/members/:id`: one member, masked; reveal with a reason; edit, status, transfer. */
export default function MemberDetailPage() {
  const t = useT();
  const id = Number(useParams().id);
  const message = useMessage();
  const {
    record: member,
    setRecord: setMember,
    reload,
    fallback,
  } = useRecord((signal) => membersApi.get({ params: { id }, signal }).then((r) => r.data), [id]);
  const [revealing, setRevealing] = useState(false);
  const [editing, setEditing] = useState(false);
  const [statusOpen, setStatusOpen] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  const [statusForm] = Form.useForm();
  const [transferForm] = Form.useForm();
  if (!member) return fallback;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={member.name}
        extra={
          <Space wrap>
            {member.abilities.reveal && (
              <Button onClick={() => setRevealing(true)}>{t('members.detail.reveal')}</Button>
            )}
            {member.abilities.update && (
              <Button onClick={() => setEditing(true)}>{t('members.detail.edit')}</Button>
            )}
            {member.abilities.update && (
              <Button onClick={() => setStatusOpen(true)}>{t('members.detail.changeStatus')}</Button>
            )}
            {member.abilities.transfer && (
              <Button onClick={() => setTransferOpen(true)}>{t('members.detail.transfer')}</Button>
            )}
          </Space>
        }
      >
        <MemberCard member={member} />
      </Card>
      <Card title={t('members.detail.history')}>
        <Timeline
          items={member.statusHistory.map((h) => ({
            children: `${h.since} ${t(`members.status.${h.status}`)}${h.reason ? ` (${h.reason})` : ''}`,
          }))}
        />
      </Card>
      <Card title={t('members.detail.positions')}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={member.posts}
          columns={[
            { title: t('members.detail.position'), dataIndex: 'title' },
            { title: t('members.detail.positionOrg'), dataIndex: 'orgName' },
            { title: t('members.detail.startedOn'), dataIndex: 'startedOn' },
            {
              title: t('members.detail.endedOn'),
              dataIndex: 'endedOn',
              render: (v: string | null) => v ?? t('members.detail.toDate'),
            },
          ]}
        />
      </Card>
      <RevealDialog
        memberId={member.id}
        name={member.name}
        open={revealing}
        onClose={() => setRevealing(false)}
      />
      <MemberForm
        member={member}
        open={editing}
        onClose={() => setEditing(false)}
        onSaved={(m) => {
          setEditing(false);
          setMember({ ...member, ...m });
        }}
      />
      <Modal
        title={t('members.detail.status.title')}
        open={statusOpen}
        onCancel={() => setStatusOpen(false)}
        onOk={async () => {
          const v = await statusForm.validateFields();
          try {
            setMember((await membersApi.changeStatus({ params: { id: member.id }, body: v })).data);
            setStatusOpen(false);
          } catch (e) {
            showFormError(statusForm, e, message);
          }
        }}
      >
        <Form form={statusForm} layout="vertical">
          <Form.Item name="status" label={t('members.detail.status.new')} rules={[{ required: true }]}>
            <Select
              options={['full', 'lost_contact', 'deceased', 'removed'].map((s) => ({
                value: s,
                label: t(`members.status.${s}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="since"
            label={t('members.detail.status.since')}
            rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('members.detail.status.reason')}
            rules={[{ required: true, min: 2 }]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        title={t('members.detail.transfer')}
        open={transferOpen}
        onCancel={() => setTransferOpen(false)}
        onOk={async () => {
          const v = await transferForm.validateFields();
          try {
            const res = await membersApi.transfer({
              params: { id: member.id },
              body: {
                toOrgCode: v.target === 'inside' ? v.toOrgCode : undefined,
                outsideOrgName: v.target === 'outside' ? v.outsideOrgName : undefined,
                reason: v.reason,
                duesPaidUntil: v.duesPaidUntil || undefined,
              },
            });
            setTransferOpen(false);
            message.success(
              res.data.status === 'pending'
                ? t('members.detail.transfer.pending')
                : t('members.detail.transfer.outside'),
            );
            if (res.data.status === 'completed')
              window.open(`/api/v1/member-transfers/${res.data.id}/print`, '_blank');
            reload();
          } catch (e) {
            showFormError(transferForm, e, message);
          }
        }}
      >
        <Form form={transferForm} layout="vertical" initialValues={{ target: 'inside' }}>
          <Form.Item name="target" label={t('members.detail.transfer.target')}>
            <Select
              options={[
                { value: 'inside', label: t('members.detail.transfer.inside') },
                { value: 'outside', label: t('members.detail.transfer.outsideUnit') },
              ]}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {({ getFieldValue }) =>
              getFieldValue('target') === 'inside' ? (
                <Form.Item
                  name="toOrgCode"
                  label={t('members.detail.transfer.toOrgCode')}
                  rules={[{ required: true }]}
                >
                  <Input placeholder={t('members.detail.transfer.toOrgCodeExample')} />
                </Form.Item>
              ) : (
                <Form.Item
                  name="outsideOrgName"
                  label={t('members.detail.transfer.outsideOrgName')}
                  rules={[{ required: true }]}
                >
                  <Input />
                </Form.Item>
              )
            }
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('members.detail.transfer.reason')}
            rules={[{ required: true, min: 2 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="duesPaidUntil" label={t('members.detail.transfer.duesPaidUntil')}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
