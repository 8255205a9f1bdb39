import { Alert, Card, List, Space, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { type MemberDetail, membersApi } from './api.ts';
import { MemberCard } from './MemberDetailPage.tsx';

/** `/me/member`: a member's own record and notices (phone-friendly: one column). */
export default function MyMemberPage() {
  const t = useT();
  const [member, setMember] = useState<MemberDetail | null>(null);
  const [notices, setNotices] = useState<{ id: number; title: string; body: string; createdAt: string }[]>(
    [],
  );
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    membersApi.me().then(
      (r) => setMember(r.data),
      (e) => setError(errorText(e)),
    );
    membersApi.notices().then(
      (r) => setNotices(r.data),
      () => {},
    );
  }, []);
  if (error) return <Alert type="info" message={error} />;
  if (!member) return <Spin />;
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
