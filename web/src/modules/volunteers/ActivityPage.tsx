import { Button, Card, InputNumber, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { errorText } from '../../shared/errors.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import { useRecord } from '../../shared/useRecord.tsx';
import { type ActivityDetail, volunteersApi } from './api.ts';

/** `/volunteers/activities/:id`: sign up (resident's phone), check in and confirm hours (desk, also on a phone). */
export default function ActivityPage() {
  const t = useT();
  const id = Number(useParams().id);
  const { can } = useSession();
  const {
    record: a,
    setRecord: setA,
    fallback,
  } = useRecord((signal) => volunteersApi.activity({ params: { id }, signal }).then((r) => r.data), [id]);
  const [hours, setHours] = useState<Record<number, number>>({});
  const msg = useMessage();

  async function run(fn: () => Promise<{ data: ActivityDetail }>) {
    try {
      setA((await fn()).data);
      msg.success(t('volunteers.done'));
    } catch (e) {
      msg.error(errorText(e));
    }
  }

  if (!a) return fallback;
  const defaultHours = Math.max(
    0.5,
    Math.round(((new Date(a.endsAt).getTime() - new Date(a.startsAt).getTime()) / 3_600_000) * 2) / 2,
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 720 }}>
      <Card>
        <Space direction="vertical" size={6} style={{ width: '100%' }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="activity-title">
            {a.title}
          </Typography.Title>
          <Typography.Text type="secondary">
            {formatDateTime(a.startsAt)} – {formatDateTime(a.endsAt).slice(11)} · {a.orgName}
            {a.teamName ? ` · ${a.teamName}` : ''}
          </Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {a.description}
          </Typography.Paragraph>
          <Typography.Text data-testid="activity-places">
            {t('volunteers.places', { signedUp: a.signedUp, capacity: a.capacity })}
          </Typography.Text>
          {a.mySignup ? (
            <Space wrap>
              <Tag color={a.mySignup.checkedInAt ? 'green' : 'blue'} data-testid="my-signup">
                {t(a.mySignup.checkedInAt ? 'volunteers.checkedIn' : 'volunteers.signedUp')}
              </Tag>
              {a.mySignup.hours !== null && (
                <Typography.Text>
                  {t('volunteers.myHours', { hours: a.mySignup.hours })}
                  {a.mySignup.points !== null
                    ? ` · ${t('volunteers.points', { points: a.mySignup.points })}`
                    : ''}
                </Typography.Text>
              )}
            </Space>
          ) : (
            can('volunteers.participate') && (
              <Button
                type="primary"
                size="large"
                block
                disabled={a.signedUp >= a.capacity}
                onClick={() => run(() => volunteersApi.signup({ params: { id: a.id }, body: {} }))}
                data-testid="signup"
              >
                {a.signedUp >= a.capacity ? t('volunteers.full') : t('volunteers.signup')}
              </Button>
            )
          )}
        </Space>
      </Card>
      {a.canManage && (
        <Card title={t('volunteers.signups')} size="small">
          <List
            dataSource={a.signups}
            locale={{ emptyText: t('volunteers.noSignups') }}
            renderItem={(s) => (
              <List.Item data-testid={`signup-${s.id}`}>
                <Space direction="vertical" size={4} style={{ width: '100%' }}>
                  <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
                    <Typography.Text strong>{s.volunteerName}</Typography.Text>
                    {s.hours !== null ? (
                      <Tag color="green">
                        {t('volunteers.confirmed', { hours: s.hours })}
                        {s.points !== null ? ` · ${t('volunteers.points', { points: s.points })}` : ''}
                      </Tag>
                    ) : s.checkedInAt ? (
                      <Tag color="blue">
                        {t('volunteers.checkedIn')} {formatDateTime(s.checkedInAt).slice(11)}
                      </Tag>
                    ) : (
                      <Tag>{t('volunteers.signedUp')}</Tag>
                    )}
                  </Space>
                  {s.pointsNote && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {s.pointsNote}
                    </Typography.Text>
                  )}
                  {!s.checkedInAt && (
                    <Button
                      size="large"
                      block
                      onClick={() =>
                        run(() => volunteersApi.checkIn({ params: { id: a.id, signupId: s.id }, body: {} }))
                      }
                    >
                      {t('volunteers.checkIn')}
                    </Button>
                  )}
                  {s.checkedInAt && s.hours === null && (
                    <div style={{ display: 'flex', gap: 8, width: '100%' }}>
                      <div style={{ flex: 1 }}>
                        <InputNumber
                          min={0.5}
                          max={24}
                          step={0.5}
                          value={hours[s.id] ?? defaultHours}
                          onChange={(v) => setHours((h) => ({ ...h, [s.id]: Number(v) }))}
                          addonAfter={t('volunteers.hoursUnit')}
                          style={{ width: '100%' }}
                          aria-label={t('volunteers.hoursLabel')}
                        />
                      </div>
                      <Button
                        type="primary"
                        onClick={() =>
                          run(() =>
                            volunteersApi.confirm({
                              params: { id: a.id, signupId: s.id },
                              body: { hours: hours[s.id] ?? defaultHours },
                            }),
                          )
                        }
                      >
                        {t('volunteers.confirm')}
                      </Button>
                    </div>
                  )}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
    </Space>
  );
}
