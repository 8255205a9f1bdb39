import { Button, Card, Descriptions, Drawer, Input, InputNumber, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  assessmentEndpoints,
  type DebriefingDto,
} from '../../../../server/src/modules/assessment/assessment.contract.ts';
import { createClient } from '../../shared/client.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { useFormDialog } from '../../shared/useFormDialog.tsx';
import { useList } from '../../shared/useList.ts';
import { useDrawerRecord } from './useDrawerRecord.ts';

const assessmentApi = createClient(assessmentEndpoints);

type SessionRow = {
  id: number;
  title: string;
  hostOrgName: string;
  heldOn: string;
  anonymous: boolean;
  status: 'open' | 'closed';
  reportCount: number;
};

/** 述职评议: the sessions held in the organization's subtree; one session's reports and ratings. */
export function DebriefingsTab({ orgId, year }: { orgId?: number; year: number }) {
  const t = useT();
  const [openId, setOpenId] = useState<number | null>(null);
  const sessions = useList<SessionRow, { orgId?: number; year: number }>(
    ({ filters: f }, signal) =>
      f.orgId
        ? assessmentApi.debriefings({ query: { orgId: f.orgId, year: f.year }, signal })
        : Promise.resolve({ data: [] }),
    { filters: { orgId, year } },
  );
  return (
    <>
      <ListPage<SessionRow, { orgId?: number; year: number }>
        bare
        list={sessions}
        rowKey={(r) => r.id}
        onRowClick={(r) => setOpenId(r.id)}
        emptyText={t('assessment.debriefing.empty')}
        testId="assessment-debriefings"
        cardTitle={(r) => r.title}
        columns={[
          { title: t('assessment.debriefing.title'), dataIndex: 'title' },
          { title: t('assessment.debriefing.host'), dataIndex: 'hostOrgName' },
          { title: t('assessment.debriefing.heldOn'), dataIndex: 'heldOn' },
          {
            title: t('assessment.debriefing.mode'),
            dataIndex: 'anonymous',
            render: (a: boolean) => (
              <Tag>{a ? t('assessment.debriefing.anonymous') : t('assessment.debriefing.named')}</Tag>
            ),
          },
          { title: t('assessment.debriefing.reports'), dataIndex: 'reportCount' },
          {
            title: t('assessment.field.status'),
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={s === 'open' ? 'blue' : undefined}>{t(`assessment.debriefing.status.${s}`)}</Tag>
            ),
          },
        ]}
      />
      <SessionDrawer id={openId} onClose={() => setOpenId(null)} onChanged={sessions.reload} />
    </>
  );
}

function SessionDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: number | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const t = useT();
  const [d, load] = useDrawerRecord<DebriefingDto>(id, (sessionId) =>
    assessmentApi.debriefing({ params: { id: sessionId } }),
  );
  const { open, dialog } = useFormDialog({
    okText: t('common.action.confirm'),
    doneText: t('assessment.debriefing.done'),
    after: () => {
      load();
      onChanged();
    },
  });
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      width="min(760px, 100vw)"
      title={d?.title ?? ''}
      destroyOnHidden
    >
      {d && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
            <Descriptions.Item label={t('assessment.debriefing.host')}>{d.hostOrgName}</Descriptions.Item>
            <Descriptions.Item label={t('assessment.debriefing.heldOn')}>{d.heldOn}</Descriptions.Item>
            <Descriptions.Item label={t('assessment.detail.scheme')}>{d.schemeTitle}</Descriptions.Item>
            <Descriptions.Item label={t('assessment.debriefing.mode')}>
              {d.anonymous ? t('assessment.debriefing.anonymous') : t('assessment.debriefing.named')}
            </Descriptions.Item>
          </Descriptions>
          <Space wrap>
            {d.abilities?.addReport && (
              <Button
                onClick={() =>
                  open({
                    title: t('assessment.debriefing.addReport'),
                    fields: [
                      {
                        name: 'orgId',
                        label: t('assessment.field.org'),
                        required: true,
                        input: <OrgPicker ariaLabel={t('assessment.field.org')} />,
                      },
                      {
                        name: 'secretaryName',
                        label: t('assessment.debriefing.secretary'),
                        required: true,
                        input: <Input />,
                      },
                      {
                        name: 'summary',
                        label: t('assessment.debriefing.summary'),
                        required: true,
                        input: <Input.TextArea />,
                      },
                    ],
                    submit: (v) => assessmentApi.addReport({ params: { id: d.id }, body: v as never }),
                  })
                }
              >
                {t('assessment.debriefing.addReport')}
              </Button>
            )}
            {d.abilities?.close && (
              <Button
                onClick={() =>
                  open({
                    title: t('assessment.debriefing.close'),
                    fields: [],
                    submit: () => assessmentApi.closeDebriefing({ params: { id: d.id } }),
                  })
                }
              >
                {t('assessment.debriefing.close')}
              </Button>
            )}
          </Space>
          <List
            dataSource={d.reports}
            locale={{ emptyText: t('assessment.debriefing.noReports') }}
            renderItem={(r) => (
              <Card
                size="small"
                style={{ width: '100%', marginBottom: 8 }}
                title={`${r.orgName} · ${r.secretaryName}`}
              >
                <Typography.Paragraph>{r.summary}</Typography.Paragraph>
                <Typography.Text strong>
                  {t('assessment.debriefing.score')}: {r.score ?? '—'}（
                  {t('assessment.debriefing.ratingCount', { n: r.ratingCount })}）
                </Typography.Text>
                <List
                  size="small"
                  dataSource={r.ratings}
                  renderItem={(x) => (
                    <List.Item>
                      {x.reviewerName ?? t('assessment.debriefing.anonymousReviewer')}：{x.score}
                      {x.comment ? `（${x.comment}）` : ''}
                    </List.Item>
                  )}
                />
                {d.abilities?.rate && !r.ratedByMe && (
                  <Button
                    type="primary"
                    onClick={() =>
                      open({
                        title: t('assessment.debriefing.rate'),
                        fields: [
                          ...d.form.map((f) => ({
                            name: `item_${f.key}`,
                            label: `${f.label}（≤${f.max}）`,
                            required: true,
                            input: <InputNumber min={0} max={f.max} />,
                          })),
                          {
                            name: 'comment',
                            label: t('assessment.field.comment'),
                            input: <Input.TextArea />,
                          },
                        ],
                        submit: (v) =>
                          assessmentApi.rate({
                            params: { id: d.id },
                            body: {
                              reportId: r.id,
                              items: Object.fromEntries(
                                d.form.map((f) => [f.key, Number(v[`item_${f.key}`])]),
                              ),
                              comment: (v.comment as string | undefined) ?? null,
                            },
                          }),
                      })
                    }
                  >
                    {t('assessment.debriefing.rate')}
                  </Button>
                )}
              </Card>
            )}
          />
        </Space>
      )}
      {dialog}
    </Drawer>
  );
}
