import { Alert, Button, Card, Input, InputNumber, List, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { downloadUrl } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import type { ModalField } from '../../shared/ModalForm.tsx';
import { OFFICIAL_ROLES, roleOrgs } from '../../shared/roleOrgs.ts';
import { useFormDialog } from '../../shared/useFormDialog.tsx';
import { useList } from '../../shared/useList.ts';
import { type Activity, type Team, type Volunteer, volunteersApi } from './api.ts';

/** A datetime-local value (browser local time) as ISO 8601 with offset for the server. */
function localToIso(value: unknown): string {
  return new Date(String(value)).toISOString();
}

export function ActivityCard({ a }: { a: Activity }) {
  const t = useT();
  const full = a.signedUp >= a.capacity;
  return (
    <Card size="small" style={{ marginBottom: 8 }} data-testid={`activity-${a.id}`}>
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
          <Link to={`/volunteers/activities/${a.id}`}>
            <Typography.Text strong>{a.title}</Typography.Text>
          </Link>
          {a.mySignup ? (
            <Tag color={a.mySignup.checkedInAt ? 'green' : 'blue'}>
              {t(a.mySignup.checkedInAt ? 'volunteers.checkedIn' : 'volunteers.signedUp')}
            </Tag>
          ) : (
            full && <Tag>{t('volunteers.full')}</Tag>
          )}
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(a.startsAt)} – {formatDateTime(a.endsAt).slice(11)} · {a.orgName}
          {a.teamName ? ` · ${a.teamName}` : ''}
        </Typography.Text>
        <Typography.Text style={{ fontSize: 12 }}>
          {t('volunteers.places', { signedUp: a.signedUp, capacity: a.capacity })}
        </Typography.Text>
      </Space>
    </Card>
  );
}

/** `/volunteers`: activities for everyone (phone first); volunteers and teams for the desk. */
export default function VolunteersPage() {
  const t = useT();
  const { me, can } = useSession();
  const manage = can('volunteers.manage');
  const participate = can('volunteers.participate');
  const [activities, setActivities] = useState<Activity[]>([]);
  // The desk's register; people who only take part never load it.
  const volunteerList = useList<Volunteer>((_query, signal) =>
    manage ? volunteersApi.volunteers({ signal }) : Promise.resolve({ data: [] }),
  );
  const teams = useList<Team>((_query, signal) => volunteersApi.teams({ signal }));
  const { open: setDialog, dialog } = useFormDialog({
    okText: t('volunteers.ok'),
    doneText: t('volunteers.done'),
    after: () => afterSubmit(),
  });
  const [error, setError] = useState<string | null>(null);
  const hosts = roleOrgs(me?.roles, OFFICIAL_ROLES);
  const homes = roleOrgs(me?.roles, ['resident', 'member']);

  const load = useCallback(() => {
    volunteersApi
      .activities()
      .then((r) => setActivities(r.data))
      .catch((e) => setError(errorText(e)));
  }, []);
  useEffect(load, [load]);

  async function afterSubmit() {
    load();
    volunteerList.reload();
    teams.reload();
  }
  const hostField: ModalField = {
    name: 'orgId',
    label: t('volunteers.f.org'),
    required: true,
    input: <Select options={hosts} />,
  };
  const teamOptions = teams.rows.map((x) => ({ value: x.id, label: x.name }));

  const upcoming = activities.filter((a) => new Date(a.endsAt).getTime() >= Date.now());
  const past = activities.filter((a) => new Date(a.endsAt).getTime() < Date.now());
  const activitiesTab = (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {manage && hosts.length > 0 && (
          <Button
            type="primary"
            data-testid="new-activity"
            onClick={() =>
              setDialog({
                title: t('volunteers.newActivity'),
                initialValues: { orgId: hosts[0]?.value, capacity: 10 },
                fields: [
                  hostField,
                  {
                    name: 'title',
                    label: t('volunteers.f.title'),
                    required: true,
                    input: <Input maxLength={100} />,
                  },
                  {
                    name: 'description',
                    label: t('volunteers.f.description'),
                    required: true,
                    input: <Input.TextArea rows={3} maxLength={2000} />,
                  },
                  {
                    name: 'startsAt',
                    label: t('volunteers.f.startsAt'),
                    required: true,
                    input: <Input type="datetime-local" />,
                  },
                  {
                    name: 'endsAt',
                    label: t('volunteers.f.endsAt'),
                    required: true,
                    input: <Input type="datetime-local" />,
                  },
                  {
                    name: 'capacity',
                    label: t('volunteers.f.capacity'),
                    required: true,
                    input: <InputNumber min={1} style={{ width: '100%' }} />,
                  },
                  {
                    name: 'teamId',
                    label: t('volunteers.f.team'),
                    input: <Select allowClear options={teamOptions} />,
                  },
                ],
                submit: ({ orgId, startsAt, endsAt, teamId, ...body }) =>
                  volunteersApi.createActivity({
                    params: { id: Number(orgId) },
                    body: {
                      ...body,
                      startsAt: localToIso(startsAt),
                      endsAt: localToIso(endsAt),
                      ...(teamId ? { teamId } : {}),
                    } as never,
                  }),
              })
            }
          >
            {t('volunteers.newActivity')}
          </Button>
        )}
        {participate && homes.length > 0 && (
          <Button
            data-testid="join-volunteers"
            onClick={() =>
              setDialog({
                title: t('volunteers.join'),
                initialValues: { orgId: homes[0]?.value },
                fields: [
                  {
                    name: 'orgId',
                    label: t('volunteers.f.home'),
                    required: true,
                    input: <Select options={homes} />,
                  },
                  { name: 'skills', label: t('volunteers.f.skills'), input: <Input maxLength={200} /> },
                ],
                submit: ({ orgId, skills }) =>
                  volunteersApi.registerSelf({
                    params: { id: Number(orgId) },
                    body: skills ? { skills: String(skills) } : {},
                  }),
              })
            }
          >
            {t('volunteers.join')}
          </Button>
        )}
      </Space>
      <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
        {t('volunteers.upcoming')}
      </Typography.Title>
      <List
        dataSource={upcoming}
        locale={{ emptyText: t('volunteers.empty') }}
        renderItem={(a) => (
          <List.Item className="jc-card-item">
            <ActivityCard a={a} />
          </List.Item>
        )}
      />
      {past.length > 0 && (
        <>
          <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
            {t('volunteers.past')}
          </Typography.Title>
          <List
            dataSource={past}
            renderItem={(a) => (
              <List.Item className="jc-card-item">
                <ActivityCard a={a} />
              </List.Item>
            )}
          />
        </>
      )}
    </Space>
  );

  const volunteersTab = (
    <Space direction="vertical" style={{ width: '100%' }}>
      {hosts.length > 0 && (
        <Button
          onClick={() =>
            setDialog({
              title: t('volunteers.newVolunteer'),
              initialValues: { orgId: hosts[0]?.value },
              fields: [
                hostField,
                {
                  name: 'name',
                  label: t('volunteers.f.name'),
                  required: true,
                  input: <Input maxLength={50} />,
                },
                { name: 'skills', label: t('volunteers.f.skills'), input: <Input maxLength={200} /> },
              ],
              submit: ({ orgId, skills, ...b }) =>
                volunteersApi.register({
                  params: { id: Number(orgId) },
                  body: { ...b, ...(skills ? { skills } : {}) } as never,
                }),
            })
          }
        >
          {t('volunteers.newVolunteer')}
        </Button>
      )}
      <ListPage<Volunteer, Record<string, never>>
        bare
        list={volunteerList}
        rowKey={(v) => v.id}
        scrollX={720}
        testId="volunteer-table"
        exportHref={downloadUrl('/volunteers/ledger.xlsx')}
        exportLabel={t('volunteers.ledger')}
        columns={[
          {
            title: t('volunteers.f.name'),
            render: (_: unknown, v: Volunteer) => (
              <Space size={4}>
                {v.name}
                {v.isMember && <Tag color="red">{t('volunteers.member')}</Tag>}
              </Space>
            ),
          },
          { title: t('volunteers.f.org'), dataIndex: 'orgName' },
          { title: t('volunteers.f.skills'), dataIndex: 'skills', render: (s: string | null) => s ?? '—' },
          {
            title: t('volunteers.teams'),
            dataIndex: 'teams',
            render: (ts: string[]) => ts.join('、') || '—',
          },
          { title: t('volunteers.confirmedHours'), dataIndex: 'confirmedHours', align: 'right' },
          {
            title: t('common.table.actions'),
            render: (_: unknown, v: Volunteer) =>
              teams.rows.length > 0 && (
                <Button
                  size="small"
                  onClick={() =>
                    setDialog({
                      title: `${t('volunteers.addToTeam')} · ${v.name}`,
                      fields: [
                        {
                          name: 'teamId',
                          label: t('volunteers.f.team'),
                          required: true,
                          input: <Select options={teamOptions} />,
                        },
                      ],
                      submit: (x) =>
                        volunteersApi.addToTeam({
                          params: { id: Number(x.teamId) },
                          body: { volunteerId: v.id },
                        }),
                    })
                  }
                >
                  {t('volunteers.addToTeam')}
                </Button>
              ),
          },
        ]}
      />
    </Space>
  );

  const teamsTab = (
    <Space direction="vertical" style={{ width: '100%' }}>
      {hosts.length > 0 && (
        <Button
          onClick={() =>
            setDialog({
              title: t('volunteers.newTeam'),
              initialValues: { orgId: hosts[0]?.value },
              fields: [
                hostField,
                {
                  name: 'name',
                  label: t('volunteers.f.teamName'),
                  required: true,
                  input: <Input maxLength={50} />,
                },
                {
                  name: 'description',
                  label: t('volunteers.f.description'),
                  input: <Input.TextArea rows={2} />,
                },
              ],
              submit: ({ orgId, description, ...b }) =>
                volunteersApi.createTeam({
                  params: { id: Number(orgId) },
                  body: { ...b, ...(description ? { description } : {}) } as never,
                }),
            })
          }
        >
          {t('volunteers.newTeam')}
        </Button>
      )}
      <ListPage<Team, Record<string, never>>
        bare
        list={teams}
        rowKey={(x) => x.id}
        columns={[
          { title: t('volunteers.f.teamName'), dataIndex: 'name' },
          {
            title: t('volunteers.f.description'),
            key: 'description',
            render: (_, x) => x.description ?? '—',
          },
          { title: t('volunteers.f.org'), dataIndex: 'orgName' },
          { title: t('volunteers.teamMembers'), dataIndex: 'members', align: 'right' },
        ]}
      />
    </Space>
  );

  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: manage ? undefined : 720 }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('volunteers.title')}
      </Typography.Title>
      {error && <Alert type="error" message={error} />}
      {manage ? (
        <Card>
          <Tabs
            items={[
              { key: 'activities', label: t('volunteers.tab.activities'), children: activitiesTab },
              { key: 'volunteers', label: t('volunteers.tab.volunteers'), children: volunteersTab },
              { key: 'teams', label: t('volunteers.tab.teams'), children: teamsTab },
            ]}
          />
        </Card>
      ) : (
        activitiesTab
      )}
      {dialog}
    </Space>
  );
}
