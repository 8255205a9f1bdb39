import { Card, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import { membersApi, type RegistrationConflict } from './api.ts';

/**
 * `/member-registration-conflicts`: registrations refused because the person is already in the
 * register elsewhere, shown to the level that sees both organizations, which can start a transfer.
 */
export default function ConflictsPage() {
  const t = useT();
  const message = useMessage();
  const [rows, setRows] = useState<RegistrationConflict[]>([]);
  useEffect(() => {
    membersApi.registrationConflicts().then(
      (r) => setRows(r.data),
      (e) => message.error(errorText(e)),
    );
  }, [message]);
  return (
    <Card title={t('members.conflicts.title')}>
      <Typography.Paragraph type="secondary">
        下级组织登记党员时，该身份证号已在其他组织登记。请核实后从党员所在组织发起组织关系转接。
      </Typography.Paragraph>
      <Table<RegistrationConflict>
        rowKey="id"
        dataSource={rows}
        scroll={{ x: 800 }}
        columns={[
          { title: '姓名（申请登记时填写）', dataIndex: 'name' },
          { title: '身份证号', dataIndex: 'idNumber' },
          { title: '申请登记的组织', dataIndex: 'requestedOrgName' },
          {
            title: '现所在组织',
            render: (_, r) =>
              r.existingMemberId ? (
                <Link to={`/members/${r.existingMemberId}`}>{r.existingOrgName}</Link>
              ) : (
                '（已删除）'
              ),
          },
          { title: '协调层级', dataIndex: 'ancestorOrgName' },
          {
            title: '提出时间',
            dataIndex: 'requestedAt',
            render: (v: string) => new Date(v).toLocaleString('zh-CN'),
          },
        ]}
      />
    </Card>
  );
}
