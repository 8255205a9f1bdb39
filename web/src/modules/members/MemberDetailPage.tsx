import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { errorText, showFormError } from '../../shared/errors.ts';
import { useMessage } from '../../shared/message.ts';
import { EDUCATION_LABELS, type MemberDetail, membersApi, STATUS_LABELS } from './api.ts';
import { MemberForm } from './MemberForm.tsx';
import { RevealDialog } from './RevealDialog.tsx';

export function MemberCard({ member }: { member: MemberDetail }) {
  return (
    <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }}>
      <Descriptions.Item label="姓名">{member.name}</Descriptions.Item>
      <Descriptions.Item label="性别">{member.gender === 'male' ? '男' : '女'}</Descriptions.Item>
      <Descriptions.Item label="年龄">{member.age} 岁</Descriptions.Item>
      <Descriptions.Item label="民族">{member.ethnicity ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="身份证号">{member.idNumber}</Descriptions.Item>
      <Descriptions.Item label="手机号">{member.phone ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="家庭住址">{member.address ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="学历">
        {member.education ? EDUCATION_LABELS[member.education] : '—'}
      </Descriptions.Item>
      <Descriptions.Item label="工作单位">{member.workUnit ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="所在党组织">{member.orgName}</Descriptions.Item>
      <Descriptions.Item label="入党日期">{member.joinedOn}</Descriptions.Item>
      <Descriptions.Item label="转正日期">{member.fullOn ?? '—'}</Descriptions.Item>
      {member.probationEnd && (
        <Descriptions.Item label="预备期满">
          <span data-testid="probation-end">{member.probationEnd}</span>
          {member.conversionOverdue && (
            <Tag color="red" style={{ marginInlineStart: 8 }}>
              逾期未转正，请及时讨论转正
            </Tag>
          )}
        </Descriptions.Item>
      )}
      <Descriptions.Item label="党员状态">
        <Tag color="red">{STATUS_LABELS[member.status]}</Tag>（自 {member.statusSince}）
      </Descriptions.Item>
      <Descriptions.Item label="政治生日">{member.partyBirthday.slice(5)}</Descriptions.Item>
    </Descriptions>
  );
}

/** `/members/:id`: one member, masked; reveal with a reason; edit, status, transfer. */
export default function MemberDetailPage() {
  const id = Number(useParams().id);
  const message = useMessage();
  const [member, setMember] = useState<MemberDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revealing, setRevealing] = useState(false);
  const [editing, setEditing] = useState(false);
  const [statusOpen, setStatusOpen] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  const [statusForm] = Form.useForm();
  const [transferForm] = Form.useForm();
  const load = useCallback(
    () =>
      membersApi.get(id).then(
        (r) => setMember(r.data),
        (e) => setError(errorText(e)),
      ),
    [id],
  );
  useEffect(() => {
    void load();
  }, [load]);
  if (error) return <Alert type="error" message={error} />;
  if (!member) return <Spin />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={member.name}
        extra={
          <Space wrap>
            {member.abilities.reveal && <Button onClick={() => setRevealing(true)}>查看完整信息</Button>}
            {member.abilities.update && <Button onClick={() => setEditing(true)}>编辑</Button>}
            {member.abilities.update && <Button onClick={() => setStatusOpen(true)}>变更状态</Button>}
            {member.abilities.transfer && <Button onClick={() => setTransferOpen(true)}>转出组织关系</Button>}
          </Space>
        }
      >
        <MemberCard member={member} />
      </Card>
      <Card title="状态历史">
        <Timeline
          items={member.statusHistory.map((h) => ({
            children: `${h.since} ${STATUS_LABELS[h.status]}${h.reason ? `（${h.reason}）` : ''}`,
          }))}
        />
      </Card>
      <Card title="党内职务">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={member.posts}
          columns={[
            { title: '职务', dataIndex: 'title' },
            { title: '组织', dataIndex: 'orgName' },
            { title: '开始', dataIndex: 'startedOn' },
            { title: '结束', dataIndex: 'endedOn', render: (v: string | null) => v ?? '至今' },
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
        title="变更党员状态"
        open={statusOpen}
        onCancel={() => setStatusOpen(false)}
        onOk={async () => {
          const v = await statusForm.validateFields();
          try {
            setMember((await membersApi.changeStatus(member.id, v)).data);
            setStatusOpen(false);
          } catch (e) {
            showFormError(statusForm, e, message);
          }
        }}
      >
        <Form form={statusForm} layout="vertical">
          <Form.Item name="status" label="新状态" rules={[{ required: true }]}>
            <Select
              options={['full', 'lost_contact', 'deceased', 'removed'].map((s) => ({
                value: s,
                label: STATUS_LABELS[s],
              }))}
            />
          </Form.Item>
          <Form.Item
            name="since"
            label="变更日期（YYYY-MM-DD）"
            rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="reason" label="原因" rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        title="转出组织关系"
        open={transferOpen}
        onCancel={() => setTransferOpen(false)}
        onOk={async () => {
          const v = await transferForm.validateFields();
          try {
            const res = await membersApi.transfer(member.id, {
              toOrgCode: v.target === 'inside' ? v.toOrgCode : undefined,
              outsideOrgName: v.target === 'outside' ? v.outsideOrgName : undefined,
              reason: v.reason,
              duesPaidUntil: v.duesPaidUntil || undefined,
            });
            setTransferOpen(false);
            message.success(
              res.data.status === 'pending' ? '已转出，等待接收方确认' : '已转往系统外，请打印介绍信',
            );
            if (res.data.status === 'completed')
              window.open(`/api/v1/member-transfers/${res.data.id}/letter`, '_blank');
            void load();
          } catch (e) {
            showFormError(transferForm, e, message);
          }
        }}
      >
        <Form form={transferForm} layout="vertical" initialValues={{ target: 'inside' }}>
          <Form.Item name="target" label="接收方">
            <Select
              options={[
                { value: 'inside', label: '本系统内党组织' },
                { value: 'outside', label: '系统外单位（打印介绍信）' },
              ]}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {({ getFieldValue }) =>
              getFieldValue('target') === 'inside' ? (
                <Form.Item name="toOrgCode" label="接收党组织编码" rules={[{ required: true }]}>
                  <Input placeholder="例如 SFQ-02-03-G1" />
                </Form.Item>
              ) : (
                <Form.Item name="outsideOrgName" label="接收单位名称" rules={[{ required: true }]}>
                  <Input />
                </Form.Item>
              )
            }
          </Form.Item>
          <Form.Item name="reason" label="转接原因" rules={[{ required: true, min: 2 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="duesPaidUntil" label="党费交至（YYYY-MM）">
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
