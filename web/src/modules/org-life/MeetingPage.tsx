import { FilePdfOutlined, PrinterOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import { ruleInWords } from '../../../../server/src/platform/provenance.contract.ts';
import { useSession } from '../../app/session.tsx';
import { downloadUrl } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';
import { evaluateVote, type Meeting, orgLifeApi, type Roster } from './api.ts';
import { LeaveRequestsCard, LeaveTag, RequestLeaveButton } from './Leave.tsx';

type Status = 'present' | 'absent' | 'leave';
interface Vote {
  yes: number;
  no: number;
  abstain: number;
  writtenYes: number;
  writtenNo: number;
  excludedVoting: number;
}
interface Resolution {
  /** Stable React key for a row being edited. */
  key: number;
  title: string;
  body?: string;
  voted: boolean;
  vote: Vote;
}
let nextKey = 1;
const EMPTY_VOTE: Vote = { yes: 0, no: 0, abstain: 0, writtenYes: 0, writtenNo: 0, excludedVoting: 0 };

/**
 * The quorum and pass arithmetic as the chair reads it out, recomputed on every keystroke with
 * the server's own rule (`evaluateVote`, quorum.contract.ts): what it shows is what saving checks.
 */
function VoteArithmetic({ expected, present, vote }: { expected: number; present: number; vote: Vote }) {
  const t = useT();
  const exp = Math.max(0, expected - vote.excludedVoting);
  const result = evaluateVote({
    expectedVoting: exp,
    presentVoting: present,
    yes: vote.yes,
    no: vote.no,
    abstain: vote.abstain,
    writtenYes: vote.writtenYes,
    writtenNo: vote.writtenNo,
  });
  const { quorumMet: quorum, passed, totalYes: yes } = result;
  return (
    <Space orientation="vertical" size={0} data-testid="vote-arithmetic">
      <Typography.Text type={quorum ? 'success' : 'danger'}>
        {t('org-life.quorum', {
          expected: exp,
          present,
          need: result.quorumNeeded,
          result: t(quorum ? 'org-life.quorum.ok' : 'org-life.quorum.no'),
        })}
      </Typography.Text>
      <Typography.Text type={passed ? 'success' : 'danger'}>
        {t('org-life.pass', {
          yes,
          need: result.yesNeeded,
          result: t(passed ? 'org-life.pass.ok' : 'org-life.pass.no'),
        })}
      </Typography.Text>
      {result.errors.map((e) => (
        <Typography.Text type="danger" key={e} data-testid="vote-error">
          {e}
        </Typography.Text>
      ))}
    </Space>
  );
}

/** `/org-life/meetings/:id`: the record (纪实) form, sign-off, amendments, inspection and print view. */
export default function MeetingPage() {
  const t = useT();
  const { can } = useSession();
  const { message, modal } = App.useApp();
  const id = Number(useParams().id);
  const [m, setM] = useState<Meeting | null>(null);
  const [roster, setRoster] = useState<Roster | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [heldOn, setHeldOn] = useState(dayjs());
  const [minutes, setMinutes] = useState('');
  const [place, setPlace] = useState('');
  const [attendance, setAttendance] = useState<Record<number, { status: Status; reason?: string }>>({});
  const [resolutions, setResolutions] = useState<Resolution[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [amending, setAmending] = useState(false);
  const [amend, setAmend] = useState<{
    field: string;
    value: string;
    reason: string;
    memberId?: number;
    status?: Status;
  }>({
    field: 'minutes',
    value: '',
    reason: '',
  });
  const [inspectComment, setInspectComment] = useState('');

  const load = useCallback(async () => {
    try {
      const meeting = await orgLifeApi.meeting(id);
      setM(meeting);
      setMinutes(meeting.minutes ?? '');
      setPlace(meeting.place ?? '');
      if (meeting.heldOn) setHeldOn(dayjs(meeting.heldOn));
      else setHeldOn(dayjs(meeting.plannedOn).isAfter(dayjs()) ? dayjs() : dayjs(meeting.plannedOn));
      setAttendance(
        Object.fromEntries(
          meeting.attendance.map((a) => [a.memberId, { status: a.status, reason: a.reason ?? undefined }]),
        ),
      );
      setResolutions(
        meeting.resolutions.map((r) => ({
          key: nextKey++,
          title: r.title,
          body: r.body ?? undefined,
          voted: r.vote !== null,
          vote: r.vote
            ? {
                ...EMPTY_VOTE,
                yes: r.vote.yes,
                no: r.vote.no,
                abstain: r.vote.abstain,
                writtenYes: r.vote.writtenYes,
                writtenNo: r.vote.writtenNo,
              }
            : EMPTY_VOTE,
        })),
      );
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, [id]);

  useEffect(() => {
    load();
  }, [load]);

  const editable = Boolean(m?.abilities.record);
  // An approved leave request is recorded as 请假 with its reason unless the secretary changes it.
  const approvedLeave = useMemo(
    () =>
      new Map(
        (m?.leaveRequests ?? [])
          .filter((l) => l.status === 'approved')
          .map((l) => [l.memberId, { status: 'leave' as Status, reason: l.reason }]),
      ),
    [m?.leaveRequests],
  );
  const date = heldOn.format('YYYY-MM-DD');
  useEffect(() => {
    if (!editable) return;
    orgLifeApi
      .roster(id, date)
      .then((r) => {
        setRoster(r);
        setAttendance((prev) =>
          Object.fromEntries(
            r.expected.map((e) => [
              e.memberId,
              prev[e.memberId] ?? approvedLeave.get(e.memberId) ?? { status: 'present' as Status },
            ]),
          ),
        );
      })
      .catch((e) => setError(errorText(e)));
  }, [editable, id, date, approvedLeave]);

  const expectedVoting = useMemo(() => (roster?.expected ?? []).filter((e) => e.canVote).length, [roster]);
  const presentVoting = useMemo(
    () =>
      (roster?.expected ?? []).filter((e) => e.canVote && attendance[e.memberId]?.status === 'present')
        .length,
    [roster, attendance],
  );

  if (error && !m) return <Alert type="error" showIcon title={error} />;
  if (!m) return <Card loading />;

  const save = async () => {
    try {
      const updated = await orgLifeApi.record(id, {
        heldOn: date,
        place: place || null,
        minutes,
        attendance: Object.entries(attendance).map(([memberId, a]) => ({
          memberId: Number(memberId),
          status: a.status,
          reason: a.reason || null,
        })),
        resolutions: resolutions.map((r) => ({
          title: r.title,
          body: r.body || null,
          vote: r.voted ? r.vote : null,
        })),
      });
      setM(updated);
      setFieldErrors({});
      message.success(t('org-life.saved'));
    } catch (e) {
      setFieldErrors((e as { fields?: Record<string, string> }).fields ?? {});
      message.error(errorText(e));
    }
  };

  const sign = () =>
    modal.confirm({
      title: t('org-life.sign'),
      content: t('org-life.sign.confirm'),
      onOk: async () => {
        try {
          setM(await orgLifeApi.sign(id));
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });

  const submitAmend = async () => {
    try {
      const value =
        amend.field === 'attendance'
          ? { memberId: amend.memberId, status: amend.status, reason: amend.value || null }
          : amend.value;
      setM(await orgLifeApi.amend(id, { field: amend.field, value, reason: amend.reason }));
      setAmending(false);
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const names = new Map(m.attendance.map((a) => [a.memberId, a.memberName]));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} className="jc-print-area">
      <style>
        {
          '@media print { .jc-no-print, .ant-layout-sider, .ant-layout-header, .ant-drawer { display: none !important; } .jc-print-area .ant-card { border: none; box-shadow: none; } }'
        }
      </style>
      <Card>
        <div className="jc-page-header">
          <div>
            <Typography.Title level={3} data-testid="meeting-title">
              {m.typeName}：{m.topic}
            </Typography.Title>
            <Space wrap>
              <Tag color={m.status === 'signed' ? 'green' : 'blue'} data-testid="meeting-status">
                {t(`org-life.mstatus.${m.status}`)}
              </Tag>
              <Typography.Text type="secondary">
                {m.orgName} · {ruleInWords(m.type.rule.text, m.type.rule.source)}
              </Typography.Text>
            </Space>
          </div>
          <Space wrap className="jc-no-print">
            {can('org_life.read') && (m.status === 'recorded' || m.status === 'signed') ? (
              <>
                <Button
                  icon={<PrinterOutlined />}
                  href={downloadUrl(`/org-life/meetings/${m.id}/print`)}
                  target="_blank"
                  data-testid="print-record"
                >
                  {t('org-life.printRecord')}
                </Button>
                <Button
                  icon={<FilePdfOutlined />}
                  href={downloadUrl(`/org-life/meetings/${m.id}/print.pdf`)}
                  target="_blank"
                >
                  PDF
                </Button>
              </>
            ) : (
              <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
                {t('org-life.print')}
              </Button>
            )}
            {m.abilities.sign && (
              <Button type="primary" onClick={sign} data-testid="sign-meeting">
                {t('org-life.sign')}
              </Button>
            )}
            {m.abilities.amend && <Button onClick={() => setAmending(true)}>{t('org-life.amend')}</Button>}
            {m.myLeave && <LeaveTag leave={m.myLeave} />}
            {m.abilities.requestLeave && <RequestLeaveButton meetingId={m.id} onDone={load} />}
          </Space>
        </div>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
          <Descriptions.Item label={t('org-life.plannedOn')}>{m.plannedOn}</Descriptions.Item>
          <Descriptions.Item label={t('org-life.heldOn')}>{m.heldOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('org-life.place')}>{m.place ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('org-life.hostName')}>{m.hostName}</Descriptions.Item>
          <Descriptions.Item label={t('org-life.recorderName')}>{m.recorderName}</Descriptions.Item>
          <Descriptions.Item label={`${t('org-life.expected')} / ${t('org-life.actual')}`}>
            {m.expectedCount === null
              ? '—'
              : `${m.expectedCount} / ${m.presentCount}（${t('org-life.absent')} ${m.absentCount}，${t('org-life.leave')} ${m.leaveCount}）`}
          </Descriptions.Item>
          {m.signedAt && (
            <Descriptions.Item label={t('org-life.signed')}>
              {m.signedByName} {formatDateTime(m.signedAt)}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      {(m.leaveRequests.length > 0 || m.status === 'planned') && m.abilities.record && (
        <LeaveRequestsCard requests={m.leaveRequests} onChange={load} />
      )}
      {!m.abilities.record && m.myLeave && <LeaveRequestsCard requests={[m.myLeave]} onChange={load} />}

      {editable ? (
        <Card title={t('org-life.attendance')} className="jc-no-print">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <span>{t('org-life.heldOn')}</span>
              <DatePicker
                value={heldOn}
                onChange={(d) => d && setHeldOn(d)}
                disabledDate={(d) => d.isAfter(dayjs())}
              />
              <Input
                placeholder={t('org-life.place')}
                value={place}
                onChange={(e) => setPlace(e.target.value)}
                style={{ width: 220 }}
              />
            </Space>
            {fieldErrors.attendance && <Alert type="error" showIcon title={fieldErrors.attendance} />}
            <Table
              rowKey="memberId"
              size="small"
              pagination={false}
              dataSource={roster?.expected ?? []}
              data-testid="attendance"
              columns={[
                {
                  title: t('common.table.name'),
                  dataIndex: 'name',
                  render: (v: string, r) => (
                    <>
                      {v} {r.canVote ? null : <Tag>{t('org-life.probationaryTag')}</Tag>}
                    </>
                  ),
                },
                {
                  title: t('org-life.attendance'),
                  render: (_, r) => (
                    <Radio.Group
                      name={`attendance-${r.memberId}`}
                      size="small"
                      value={attendance[r.memberId]?.status ?? 'present'}
                      onChange={(e) =>
                        setAttendance({
                          ...attendance,
                          [r.memberId]: { ...attendance[r.memberId], status: e.target.value },
                        })
                      }
                      options={(['present', 'absent', 'leave'] as const).map((s) => ({
                        value: s,
                        label: t(`org-life.${s}`),
                      }))}
                      optionType="button"
                    />
                  ),
                },
                {
                  title: t('org-life.reason'),
                  render: (_, r) =>
                    attendance[r.memberId]?.status !== 'present' && (
                      <Input
                        size="small"
                        value={attendance[r.memberId]?.reason}
                        onChange={(e) =>
                          setAttendance({
                            ...attendance,
                            [r.memberId]: { ...attendance[r.memberId], reason: e.target.value },
                          })
                        }
                      />
                    ),
                },
              ]}
            />
            <Typography.Title level={5} id="meeting-minutes-label">
              {t('org-life.minutes')}
            </Typography.Title>
            <Input.TextArea
              aria-labelledby="meeting-minutes-label"
              rows={6}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
              data-testid="minutes"
              status={fieldErrors.minutes ? 'error' : undefined}
            />
            {fieldErrors.minutes && <Typography.Text type="danger">{fieldErrors.minutes}</Typography.Text>}
            <Typography.Title level={5}>{t('org-life.resolutions')}</Typography.Title>
            {resolutions.map((r, i) => (
              <Card size="small" key={r.key}>
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Input
                    placeholder={t('org-life.resolution.title')}
                    value={r.title}
                    onChange={(e) =>
                      setResolutions(
                        resolutions.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)),
                      )
                    }
                  />
                  {m.type.voting && (
                    <Checkbox
                      checked={r.voted}
                      onChange={(e) =>
                        setResolutions(
                          resolutions.map((x, j) => (j === i ? { ...x, voted: e.target.checked } : x)),
                        )
                      }
                    >
                      {t('org-life.resolution.vote')}
                    </Checkbox>
                  )}
                  {r.voted && (
                    <>
                      <Space wrap>
                        {(Object.keys(EMPTY_VOTE) as (keyof Vote)[]).map((k) => (
                          <Space key={k} size={4}>
                            <span>{t(`org-life.${k}`)}</span>
                            <InputNumber
                              min={0}
                              size="small"
                              value={r.vote[k]}
                              onChange={(v) =>
                                setResolutions(
                                  resolutions.map((x, j) =>
                                    j === i ? { ...x, vote: { ...x.vote, [k]: v ?? 0 } } : x,
                                  ),
                                )
                              }
                            />
                          </Space>
                        ))}
                      </Space>
                      <VoteArithmetic expected={expectedVoting} present={presentVoting} vote={r.vote} />
                      {fieldErrors[`resolutions.${i}.vote`] && (
                        <Typography.Text type="danger">
                          {fieldErrors[`resolutions.${i}.vote`]}
                        </Typography.Text>
                      )}
                    </>
                  )}
                </Space>
              </Card>
            ))}
            <Space wrap>
              <Button
                onClick={() =>
                  setResolutions([
                    ...resolutions,
                    { key: nextKey++, title: '', voted: false, vote: EMPTY_VOTE },
                  ])
                }
              >
                {t('org-life.resolution.add')}
              </Button>
              <Upload
                showUploadList={false}
                accept="image/jpeg,image/png,application/pdf,.docx"
                customRequest={async ({ file, onSuccess, onError }) => {
                  try {
                    await orgLifeApi.upload(id, file as File);
                    onSuccess?.({});
                    load();
                  } catch (e) {
                    message.error(errorText(e));
                    onError?.(e as Error);
                  }
                }}
              >
                <Button icon={<UploadOutlined />}>{t('org-life.upload')}</Button>
              </Upload>
              <Button type="primary" onClick={save} data-testid="save-record">
                {t('org-life.save')}
              </Button>
            </Space>
          </Space>
        </Card>
      ) : (
        <Card title={t('org-life.attendance')}>
          <Space wrap>
            {m.attendance.map((a) => (
              <Tag
                key={a.memberId}
                color={a.status === 'present' ? 'green' : a.status === 'leave' ? 'gold' : 'red'}
              >
                {a.memberName} · {t(`org-life.${a.status}`)}
                {a.reason ? `（${a.reason}）` : ''}
              </Tag>
            ))}
          </Space>
          <Typography.Title level={5}>{t('org-life.minutes')}</Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{m.minutes}</Typography.Paragraph>
          {m.resolutions.length > 0 && (
            <>
              <Typography.Title level={5}>{t('org-life.resolutions')}</Typography.Title>
              {m.resolutions.map((r) => (
                <Typography.Paragraph key={r.seq}>
                  {r.seq}. {r.title}
                  {r.vote && (
                    <>
                      <br />
                      <Typography.Text type={r.vote.passed ? 'success' : 'danger'}>
                        {r.vote.explanation}
                      </Typography.Text>
                    </>
                  )}
                </Typography.Paragraph>
              ))}
            </>
          )}
        </Card>
      )}

      {m.attachments.length > 0 && (
        <Card title={t('org-life.attachments')}>
          <Space orientation="vertical">
            {m.attachments.map((a) => (
              <a key={a.id} href={`/api/v1/org-life/attachments/${a.id}`}>
                {a.fileName}（{Math.ceil(a.sizeBytes / 1024)} KB）
              </a>
            ))}
          </Space>
        </Card>
      )}

      {m.amendments.length > 0 && (
        <Card title={t('org-life.amendments')}>
          {m.amendments.map((a) => (
            <Typography.Paragraph key={a.id}>
              {formatDateTime(a.at)} {a.authorName}：{t(`org-life.${a.field}`)} {JSON.stringify(a.before)} →{' '}
              {JSON.stringify(a.after)}；{a.reason}
            </Typography.Paragraph>
          ))}
        </Card>
      )}

      {(m.abilities.inspect || m.inspections.length > 0) && (
        <Card title={t('org-life.inspect')}>
          {m.inspections.map((i) => (
            <Typography.Paragraph key={`${i.at}-${i.decision}`}>
              {formatDateTime(i.at)} {i.inspectorName}：{t(`org-life.inspection.${i.decision}`)}{' '}
              {i.comment ?? ''}
            </Typography.Paragraph>
          ))}
          {m.abilities.inspect && (
            <Space wrap className="jc-no-print">
              <Input
                placeholder={t('org-life.comment')}
                value={inspectComment}
                onChange={(e) => setInspectComment(e.target.value)}
                style={{ width: 280 }}
              />
              <Button
                onClick={async () =>
                  setM(
                    await orgLifeApi
                      .inspect(id, { decision: 'accepted', comment: inspectComment || undefined })
                      .catch((e) => {
                        message.error(errorText(e));
                        return m;
                      }),
                  )
                }
              >
                {t('org-life.accept')}
              </Button>
              <Button
                danger
                onClick={async () =>
                  setM(
                    await orgLifeApi
                      .inspect(id, { decision: 'returned', comment: inspectComment })
                      .catch((e) => {
                        message.error(errorText(e));
                        return m;
                      }),
                  )
                }
              >
                {t('org-life.return')}
              </Button>
            </Space>
          )}
        </Card>
      )}

      <Modal
        open={amending}
        title={t('org-life.amend')}
        onCancel={() => setAmending(false)}
        onOk={submitAmend}
        destroyOnHidden
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Select
            style={{ width: '100%' }}
            value={amend.field}
            onChange={(field) => setAmend({ ...amend, field })}
            options={['topic', 'place', 'minutes', 'hostName', 'recorderName', 'attendance'].map((f) => ({
              value: f,
              label: t(`org-life.${f}`),
            }))}
          />
          {amend.field === 'attendance' && (
            <Space wrap>
              <Select
                style={{ minWidth: 160 }}
                value={amend.memberId}
                onChange={(memberId) => setAmend({ ...amend, memberId })}
                options={[...names].map(([value, label]) => ({ value, label }))}
              />
              <Radio.Group
                value={amend.status}
                onChange={(e) => setAmend({ ...amend, status: e.target.value })}
                options={(['present', 'absent', 'leave'] as const).map((s) => ({
                  value: s,
                  label: t(`org-life.${s}`),
                }))}
              />
            </Space>
          )}
          <Input.TextArea
            rows={3}
            placeholder={amend.field === 'attendance' ? t('org-life.reason') : t('org-life.amend.value')}
            value={amend.value}
            onChange={(e) => setAmend({ ...amend, value: e.target.value })}
          />
          <Input
            placeholder={t('org-life.amend.reason')}
            value={amend.reason}
            onChange={(e) => setAmend({ ...amend, reason: e.target.value })}
          />
        </Space>
      </Modal>
    </Space>
  );
}
