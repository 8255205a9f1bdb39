import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { useList } from '../../shared/useList.ts';
import { membersApi, type RegistrationConflict } from './api.ts';

/**
 * `/member-registration-conflicts`: registrations refused because the person is already in the
 * register elsewhere, shown to the level that sees both organizations, which can start a transfer.
 */
export default function ConflictsPage() {
  const t = useT();
  const list = useList<RegistrationConflict>((_, signal) => membersApi.registrationConflicts({ signal }));
  const columns: ColumnsType<RegistrationConflict> = [
    { title: t('members.conflicts.name'), dataIndex: 'name' },
    { title: t('members.field.idNumber'), dataIndex: 'idNumber' },
    { title: t('members.conflicts.requestedOrg'), dataIndex: 'requestedOrgName' },
    {
      title: t('members.conflicts.existingOrg'),
      key: 'existingOrg',
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
      key: 'requestedAt',
      render: (_, r) => formatDateTime(r.requestedAt),
    },
  ];
  return (
    <ListPage<RegistrationConflict, Record<string, never>>
      title={t('members.conflicts.title')}
      intro={t('members.conflicts.intro')}
      list={list}
      columns={columns}
      rowKey={(r) => r.id}
    />
  );
}
