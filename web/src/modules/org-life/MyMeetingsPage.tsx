import { Alert, Card, List, Space, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { type MyOrgLife, meetingTitle, orgLifeApi } from './api.ts';
import { LeaveTag, RequestLeaveButton } from './Leave.tsx';

const MY_STATUS_COLORS = { present: 'green', absent: 'red', leave: 'gold' } as const;

/**
 * `/org-life/mine` (我的组织生活): the meetings coming up in the member's branch and 党小组 (ask for
 * leave, see the answer), and the meetings they attended, missed or were excused from, with the
 * minutes once signed. Phone width first.
 */
export default function MyMeetingsPage() {
  const t = useT();
  const [data, setData] = useState<MyOrgLife | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    orgLifeApi
      .mine()
      .then(setData)
      .catch((e) => setError(errorText(e)));
  }, []);
  useEffect(load, [load]);
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!data) return <Spin />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 720 }}>
      <div>
        <Typography.Title level={3}>{t('org-life.mine.title')}</Typography.Title>
        <Typography.Text type="secondary">
          {data.members.map((m) => `${m.name} · ${m.orgName}`).join('；')}
          {data.members.length > 0 ? '。' : ''}
          {t('org-life.mine.intro')}
        </Typography.Text>
      </div>
      <Card title={t('org-life.mine.upcoming')} styles={{ body: { padding: '0 16px' } }}>
        <List
          dataSource={data.upcoming}
          locale={{ emptyText: t('org-life.mine.noUpcoming') }}
          renderItem={(m) => (
            <List.Item data-testid="my-upcoming">
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Link to={`/org-life/meetings/${m.id}`}>
                  <Typography.Text strong>{meetingTitle(m)}</Typography.Text>
                </Link>
                <Typography.Text type="secondary">
                  {m.plannedOn} · {m.orgName}
                  {m.place ? ` · ${m.place}` : ''}
                </Typography.Text>
                <Space wrap>
                  {m.myLeave && <LeaveTag leave={m.myLeave} />}
                  {m.myLeave?.decisionComment && (
                    <Typography.Text type="secondary">
                      {t('org-life.leave.comment')}：{m.myLeave.decisionComment}
                    </Typography.Text>
                  )}
                  {m.abilities.requestLeave && <RequestLeaveButton meetingId={m.id} onDone={load} />}
                </Space>
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Card title={t('org-life.mine.past')} styles={{ body: { padding: '0 16px' } }}>
        <List
          dataSource={data.past}
          locale={{ emptyText: t('org-life.mine.noPast') }}
          renderItem={(m) => (
            <List.Item
              data-testid="my-meeting"
              extra={<Tag color={MY_STATUS_COLORS[m.myStatus]}>{t(`org-life.my.${m.myStatus}`)}</Tag>}
            >
              <List.Item.Meta
                title={meetingTitle(m)}
                description={
                  <Space orientation="vertical" size={0}>
                    <Typography.Text type="secondary">
                      {m.heldOn ?? m.plannedOn} · {m.orgName}
                      {m.myReason ? ` · ${m.myReason}` : ''}
                    </Typography.Text>
                    {m.minutesReadable ? (
                      <Link to={`/org-life/meetings/${m.id}`}>{t('org-life.mine.minutes')}</Link>
                    ) : (
                      <Typography.Text type="secondary">{t('org-life.mine.minutesLater')}</Typography.Text>
                    )}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
