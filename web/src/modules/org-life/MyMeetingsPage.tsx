import { Alert, Card, List, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { MEETING_STATUS_COLORS, type MeetingSummary, orgLifeApi } from './api.ts';

/**
 * `/org-life/mine`: the meetings of a party member's own branch that they attend (the server
 * answers only those to `org_life.read_own`); phone width first, each opens the meeting.
 */
export default function MyMeetingsPage() {
  const t = useT();
  const navigate = useNavigate();
  const { me } = useSession();
  const [rows, setRows] = useState<MeetingSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const orgId = me?.user.homeOrgId;
  useEffect(() => {
    if (!orgId) return;
    orgLifeApi
      .meetings({ orgId })
      .then((r) => setRows(r.data))
      .catch((e) => setError(errorText(e)));
  }, [orgId]);
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!rows) return <Spin />;
  return (
    <Card title={t('org-life.mine.title')} style={{ maxWidth: 640 }} styles={{ body: { padding: '0 16px' } }}>
      <List
        dataSource={rows}
        locale={{ emptyText: t('org-life.mine.none') }}
        renderItem={(m) => (
          <List.Item
            data-testid="my-meeting"
            onClick={() => navigate(`/org-life/meetings/${m.id}`)}
            style={{ cursor: 'pointer' }}
            extra={<Tag color={MEETING_STATUS_COLORS[m.status]}>{t(`org-life.mstatus.${m.status}`)}</Tag>}
          >
            <List.Item.Meta
              title={`${m.typeName} · ${m.topic}`}
              description={
                <Typography.Text type="secondary">
                  {m.orgName} · {m.heldOn ?? m.plannedOn}
                </Typography.Text>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
