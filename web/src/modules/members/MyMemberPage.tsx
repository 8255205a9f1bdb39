import { Card, List, Space } from 'antd';
import { useT } from '../../shared/i18n.tsx';
import { useRecord } from '../../shared/useRecord.tsx';
import { membersApi } from './api.ts';
import { MemberCard } from './MemberDetailPage.tsx';

/** `/me/member`: a member's own record and notices (phone-friendly: one column). */
export default function MyMemberPage() {
  const t = useT();
  // A person without a member record (a resident) is told so, not shown an error.
  const { record: member, fallback } = useRecord(
    (signal) => membersApi.me({ signal }).then((r) => r.data),
    [],
    { errorType: 'info' },
  );
  const notices = useRecord((signal) => membersApi.notices({ signal }).then((r) => r.data), []).record ?? [];
  if (!member) return fallback;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('members.me.title')} data-testid="my-member">
        <MemberCard member={member} />
      </Card>
      <Card title={t('members.me.notices')}>
        <List
          dataSource={notices}
          locale={{ emptyText: t('members.me.noNotices') }}
          renderItem={(n) => (
            <List.Item>
              <List.Item.Meta title={n.title} description={n.body} />
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
