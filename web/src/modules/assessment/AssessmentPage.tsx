import {
  Button,
  Card,
  Descriptions,
  Drawer,
  Input,
  InputNumber,
  List,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  assessmentEndpoints,
  type BoardRowDto,
  type ScoreDetailDto,
  type StarRowDto,
} from '../../../../server/src/modules/assessment/assessment.contract.ts';
import { useSession } from '../../app/session.tsx';
import { createClient } from '../../shared/client.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { useMessage } from '../../shared/message.ts';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { useFormDialog } from '../../shared/useFormDialog.tsx';
import { useList } from '../../shared/useList.ts';
import { usePageOrg } from '../../shared/usePageOrg.ts';
import { DebriefingsTab } from './DebriefingsTab.tsx';
import { useDrawerRecord } from './useDrawerRecord.ts';

const assessmentApi = createClient(assessmentEndpoints);

const GRADE_COLORS: Record<string, string> = { 优秀: 'green', 较好: 'blue', 一般: 'gold', 差: 'red' };

function Stars({ n }: { n: number | null }) {
  if (n === null) return <span>—</span>;
  return (
    <span role="img" aria-label={`${n}星`} style={{ color: '#ad6800', whiteSpace: 'nowrap' }}>
      {'★★★★★'.slice(0, n)}
    </span>
  );
}

/** `/assessment`: the year's scores of an organization's subtree, one score explained, star ratings. */
export default function AssessmentPage() {
  const t = useT();
  const { orgId, setOrgId, params, setParams } = usePageOrg(useSession().me?.roles);
  const thisYear = new Date().getFullYear();
  const year = Number(params.get('year')) || thisYear;
  const tab = ['stars', 'debriefings'].includes(params.get('tab') ?? '')
    ? (params.get('tab') as string)
    : 'scores';
  const [openId, setOpenId] = useState<number | null>(null);
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next);
  };
  const board = useList<BoardRowDto, { orgId?: number; year: number }>(
    ({ filters: f }, signal) =>
      f.orgId
        ? assessmentApi.board({ query: { orgId: f.orgId, year: f.year }, signal })
        : Promise.resolve({ data: [] }),
    { filters: { orgId, year } },
  );
  const stars = useList<StarRowDto, { orgId?: number; year: number }>(
    ({ filters: f }, signal) =>
      f.orgId
        ? assessmentApi.stars({ query: { orgId: f.orgId, year: f.year }, signal })
        : Promise.resolve({ data: [] }),
    { filters: { orgId, year } },
  );
  const canPublish = board.rows.length > 0 && stars.rows.some((s) => s.status === 'draft');
  const msg = useMessage();
  const publish = async () => {
    if (!orgId) return;
    try {
      const r = await assessmentApi.publishStars({ params: { id: orgId }, body: { year } });
      msg.success(t('assessment.done.publishStars', { n: r.data.published }));
      stars.reload();
      board.reload();
    } catch (e) {
      msg.error(errorText(e));
    }
  };
  const picker = (
    <Space wrap>
      <OrgPicker value={orgId} onChange={(v) => setOrgId(v)} ariaLabel={t('assessment.field.org')} />
      <Select
        aria-label={t('assessment.year')}
        value={year}
        style={{ width: 110 }}
        onChange={(v) => setParam('year', String(v))}
        options={[0, 1, 2].map((d) => ({ value: thisYear - d, label: `${thisYear - d}` }))}
      />
    </Space>
  );
  const scores = (
    <ListPage<BoardRowDto, { orgId?: number; year: number }>
      bare
      list={board}
      rowKey={(r) => r.scoreId}
      onRowClick={(r) => setOpenId(r.scoreId)}
      emptyText={t('assessment.empty')}
      testId="assessment-board"
      cardTitle={(r) => r.orgName}
      columns={[
        { title: t('assessment.field.org'), dataIndex: 'orgName' },
        { title: t('assessment.field.total'), dataIndex: 'total', render: (v: number | null) => v ?? '—' },
        {
          title: t('assessment.field.grade'),
          dataIndex: 'grade',
          render: (g: string | null) => (g ? <Tag color={GRADE_COLORS[g]}>{g}</Tag> : '—'),
        },
        {
          title: t('assessment.field.rank'),
          key: 'rank',
          render: (_: unknown, r: BoardRowDto) =>
            r.rank ? t('assessment.rankOf', { rank: r.rank, of: r.rankOf ?? 0 }) : '—',
        },
        {
          title: t('assessment.field.stars'),
          dataIndex: 'stars',
          render: (n: number | null) => <Stars n={n} />,
        },
        { title: t('assessment.field.missing'), dataIndex: 'missing' },
        { title: t('assessment.field.appeals'), dataIndex: 'openAppeals' },
      ]}
    />
  );
  const starList = (
    <ListPage<StarRowDto, { orgId?: number; year: number }>
      bare
      list={stars}
      rowKey={(r) => r.orgId}
      testId="assessment-stars"
      cardTitle={(r) => r.orgName}
      actions={
        canPublish ? (
          <Button type="primary" onClick={publish} data-testid="publish-stars">
            {t('assessment.action.publishStars')}
          </Button>
        ) : undefined
      }
      columns={[
        { title: t('assessment.field.org'), dataIndex: 'orgName' },
        { title: t('assessment.field.total'), dataIndex: 'total', render: (v: number | null) => v ?? '—' },
        { title: t('assessment.field.stars'), dataIndex: 'stars', render: (n: number) => <Stars n={n} /> },
        { title: t('assessment.field.computedStars'), dataIndex: 'computedStars' },
        {
          title: t('assessment.field.vetoReason'),
          dataIndex: 'vetoReason',
          render: (v: string | null) => v ?? '—',
        },
        {
          title: t('assessment.field.status'),
          dataIndex: 'status',
          render: (s: string) => (
            <Tag color={s === 'published' ? 'green' : 'default'}>{t(`assessment.status.${s}`)}</Tag>
          ),
        },
        {
          title: t('assessment.field.streak'),
          key: 'streak',
          render: (_: unknown, r: StarRowDto) =>
            r.fiveStarStreak === 3 ? <Tag color="gold">{t('assessment.fiveStarsThreeYears')}</Tag> : '—',
        },
        {
          title: t('assessment.field.reward'),
          key: 'reward',
          render: (_: unknown, r: StarRowDto) =>
            r.reward
              ? `¥${r.reward.amount}（${r.reward.recipients.map((x) => `${x.name} ¥${x.amount}`).join('、')}）`
              : '—',
        },
      ]}
    />
  );
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('assessment.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('assessment.intro')}</Typography.Paragraph>
      {picker}
      <Tabs
        activeKey={tab}
        onChange={(k) => setParam('tab', k)}
        items={[
          { key: 'scores', label: t('assessment.tab.scores'), children: scores },
          { key: 'stars', label: t('assessment.tab.stars'), children: starList },
          {
            key: 'debriefings',
            label: t('assessment.tab.debriefings'),
            children: <DebriefingsTab orgId={orgId} year={year} />,
          },
        ]}
      />
      <ScoreDrawer
        id={openId}
        onClose={() => setOpenId(null)}
        onChanged={() => {
          board.reload();
          stars.reload();
        }}
      />
    </>
  );
}

function ScoreDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: number | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const t = useT();
  const [detail, load] = useDrawerRecord<ScoreDetailDto>(id, (scoreId) =>
    assessmentApi.score({ params: { id: scoreId } }),
  );
  const [openCode, setOpenCode] = useState<string | null>(null);
  const { open, dialog } = useFormDialog({
    okText: t('common.action.confirm'),
    doneText: t('assessment.done.review'),
    after: () => {
      load();
      onChanged();
    },
  });
  const d = detail;
  const manualCodes = d?.indicators.filter((i) => i.method === 'manual').map((i) => i.code) ?? [];
  const codes = d?.indicators.map((i) => ({ value: i.code, label: `${i.code} ${i.name}` })) ?? [];
  const openAppeal = d?.appeals.find((a) => a.status === 'open');
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      width="min(760px, 100vw)"
      title={d?.orgName ?? ''}
      destroyOnHidden
    >
      {d && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
            <Descriptions.Item label={t('assessment.field.total')}>{d.total ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('assessment.field.grade')}>
              {d.grade ?? '—'}
              {d.grade !== d.computedGrade && d.computedGrade === '优秀' ? t('assessment.gradeCapped') : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('assessment.field.rank')}>
              {d.rank ? t('assessment.rankOf', { rank: d.rank, of: d.rankOf ?? 0 }) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('assessment.field.stars')}>
              <Stars n={d.stars} />
            </Descriptions.Item>
            <Descriptions.Item label={t('assessment.field.dimensions')} span={2}>
              <Space wrap size={[12, 0]}>
                {(['daily', 'special', 'yearEnd', 'debriefing'] as const).map((k) => (
                  <span key={k}>
                    {t(`assessment.dimension.${k}`)} {d.dimensions[k] ?? t('assessment.noData')}
                  </span>
                ))}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('assessment.detail.scheme')} span={2}>
              {d.schemeTitle}（v{d.schemeVersion}）
            </Descriptions.Item>
          </Descriptions>
          <Space wrap>
            {d.abilities?.review && manualCodes.length > 0 && (
              <Button
                onClick={() =>
                  open({
                    title: t('assessment.action.review'),
                    initialValues: { indicatorCode: manualCodes[0] },
                    fields: [
                      {
                        name: 'indicatorCode',
                        label: t('assessment.field.indicator'),
                        required: true,
                        input: <Select options={codes.filter((c) => manualCodes.includes(c.value))} />,
                      },
                      {
                        name: 'points',
                        label: t('assessment.field.points'),
                        required: true,
                        input: <InputNumber min={0} />,
                      },
                      {
                        name: 'evidence',
                        label: t('assessment.field.evidence'),
                        required: true,
                        input: <Input />,
                      },
                      {
                        name: 'comment',
                        label: t('assessment.field.comment'),
                        required: true,
                        input: <Input.TextArea />,
                      },
                    ],
                    submit: (v) => assessmentApi.review({ params: { id: d.scoreId }, body: v as never }),
                  })
                }
              >
                {t('assessment.action.review')}
              </Button>
            )}
            {d.abilities?.appeal && (
              <Button
                onClick={() =>
                  open({
                    title: t('assessment.action.appeal'),
                    fields: [
                      {
                        name: 'indicatorCode',
                        label: t('assessment.field.indicator'),
                        required: true,
                        input: <Select options={codes} />,
                      },
                      {
                        name: 'reason',
                        label: t('assessment.field.reason'),
                        required: true,
                        input: <Input.TextArea />,
                      },
                    ],
                    submit: (v) => assessmentApi.appeal({ params: { id: d.scoreId }, body: v as never }),
                  })
                }
              >
                {t('assessment.action.appeal')}
              </Button>
            )}
            {d.abilities?.answerAppeal && openAppeal && (
              <Button
                onClick={() =>
                  open({
                    title: t('assessment.action.answer'),
                    initialValues: { decision: 'rejected' },
                    fields: [
                      {
                        name: 'decision',
                        label: t('assessment.field.decision'),
                        required: true,
                        input: (
                          <Select
                            options={['upheld', 'rejected'].map((v) => ({
                              value: v,
                              label: t(`assessment.decision.${v}`),
                            }))}
                          />
                        ),
                      },
                      { name: 'points', label: t('assessment.field.points'), input: <InputNumber min={0} /> },
                      {
                        name: 'answer',
                        label: t('assessment.field.answer'),
                        required: true,
                        input: <Input.TextArea />,
                      },
                    ],
                    submit: (v) =>
                      assessmentApi.answer({
                        params: { id: d.scoreId },
                        body: { ...(v as Record<string, unknown>), appealId: openAppeal.id } as never,
                      }),
                  })
                }
              >
                {t('assessment.action.answer')}
              </Button>
            )}
          </Space>
          <List
            data-testid="score-indicators"
            dataSource={d.indicators}
            renderItem={(i) => (
              <List.Item key={i.code} style={{ display: 'block' }}>
                <Card
                  size="small"
                  title={`${i.code} ${i.name}`}
                  extra={
                    <span>
                      {i.points === null ? (
                        <Tag>{i.method === 'manual' ? t('assessment.pending') : t('assessment.noData')}</Tag>
                      ) : (
                        <strong>{i.points}</strong>
                      )}{' '}
                      / {i.weight}
                    </span>
                  }
                >
                  <Typography.Paragraph style={{ marginBottom: 4 }}>{i.explanation}</Typography.Paragraph>
                  <Typography.Text type="secondary">
                    {t('assessment.field.rule')}：{i.ruleSource}
                  </Typography.Text>
                  {i.facts.length > 0 && (
                    <div>
                      <Button
                        type="link"
                        style={{ paddingLeft: 0 }}
                        onClick={() => setOpenCode(openCode === i.code ? null : i.code)}
                        aria-expanded={openCode === i.code}
                      >
                        {t('assessment.field.records')}（{i.facts.length}）
                      </Button>
                      {openCode === i.code && (
                        <ul style={{ paddingLeft: 20, margin: 0 }} data-testid={`facts-${i.code}`}>
                          {i.facts.map((f) => (
                            <li key={`${f.id}-${f.label}`}>
                              <Link to={f.link}>
                                {f.on} {f.label}
                              </Link>
                              {f.ok === false ? (
                                <Tag color="red" style={{ marginLeft: 6 }}>
                                  未按时
                                </Tag>
                              ) : null}
                            </li>
                          ))}
                        </ul>
                      )}
                    </div>
                  )}
                  {i.reviewerName && (
                    <Typography.Text type="secondary" style={{ display: 'block' }}>
                      {t('assessment.field.reviewer')}：{i.reviewerName}
                    </Typography.Text>
                  )}
                </Card>
              </List.Item>
            )}
          />
          {d.appeals.length > 0 && (
            <>
              <Typography.Title level={2} style={{ fontSize: 16 }}>
                {t('assessment.detail.appeals')}
              </Typography.Title>
              {d.appeals.map((a) => (
                <Card size="small" key={a.id}>
                  {a.indicatorCode}：{a.reason}
                  {a.answer ? `（${a.answeredByName}：${a.answer}）` : ''}
                </Card>
              ))}
            </>
          )}
        </Space>
      )}
      {dialog}
    </Drawer>
  );
}
