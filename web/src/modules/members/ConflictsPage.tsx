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
      <Typography.Paragraph type="secondary">{t('members.conflicts.intro')}</Typography.Paragraph>
      <Table<RegistrationConflict>
        rowKey="id"
        dataSource={rows}
        scroll={{ x: 800 }}
        columns={[
          { title: t('members.conflicts.name'), dataIndex: 'name' },
          { title: t('members.field.idNumber'), dataIndex: 'idNumber' },
          { title: t('members.conflicts.requestedOrg'), dataIndex: 'requestedOrgName' },
          {
            title: t('members.conflicts.existingOrg'),
            render: (_, r) =>
              r.existingMemberId ? (
                <Link to={`/members/${r.existingMemberId}`}>{r.existingOrgName}</Link>
              ) : (
                t('members.conflicts.deleted')
              ),
          },
          { title: t('members.conflicts.ancestor'), dataIndex: 'ancestorOrgName' },
          {
            title: t('members.conflicts.requestedAt'),
            dataIndex: 'requestedAt',
            render: (v: string) => new Date(v).toLocaleString('zh-CN'),
          },
        ]}
      />
    </Card>
  );
}
