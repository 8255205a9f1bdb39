import { CheckOutlined, CloseOutlined, PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { sourceInWords } from '../../../../server/src/platform/provenance.contract.ts';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import { errorText, showFormError } from '../../shared/errors.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import { useOrgChoices } from '../org-life/BranchPage.tsx';

type Status = 'pending' | 'approved' | 'rejected';
type ManualCode = 'manual.award' | 'manual.deduct';

interface PointsRequest {
  id: number;
  memberId: number;
  memberName: string;
  orgId: number;
  ruleCode: string;
  points: number;
  reason: string;
  status: Status;
  requestedAt: string;
  decidedAt: string | null;
  decisionComment: string | null;
  /** What the caller may do with it (the server's action table). */
  abilities: { approve: boolean; reject: boolean };
}

interface Rule {
  code: string;
  name: string;
  kind: 'auto' | 'manual';
  min?: number;
  max?: number;
  source: string;
}

interface Entry {
  id: number;
  ruleCode: string;
  points: number;
  reason: string | null;
  at: string;
  reversesId: number | null;
  reversed: boolean;
}

interface MemberOption {
  value: number;
  label: string;
}

/** The rules a secretary may request by hand; other manual rules are fed by their own modules. */
const REQUESTABLE = ['manual.award', 'manual.deduct'];

const STATUS_COLOR: Record<Status, string> = { pending: 'gold', approved: 'green', rejected: 'red' };

/** Members of an organization's subtree for a picker, searched by name on the server. */
function useMemberOptions(orgId: number | undefined) {
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<MemberOption[]>([]);
  useEffect(() => {
    if (!orgId) return;
    const timer = setTimeout(() => {
      api
        .get<{ data: { id: number; name: string; orgName: string }[] }>('/members', {
          orgId,
          q: q || undefined,
          pageSize: 200,
        })
        .then((r) => setOptions(r.data.map((m) => ({ value: m.id, label: `${m.name} · ${m.orgName}` }))))
        .catch(() => setOptions([]));
    }, 250);
    return () => clearTimeout(timer);
  }, [orgId, q]);
  return { options, onSearch: setQ };
}

/**
 * `/points/requests`: manual awards and deductions. A branch secretary requests one for a member of
 * the branch (points within the rule's limits) and follows its state; the level above approves or
 * rejects the pending requests of its subtree with a comment; a secretary reverses a ledger entry
 * with a reason (the reversal shows in the member's history).
 */
export default function RequestsPage() {
  const t = useT();
  const message = useMessage();
  const { can } = useSession();
  const choices = useOrgChoices();
  const [params, setParams] = useSearchParams();
  const orgId = Number(params.get('orgId')) || choices[0]?.value;
  const [status, setStatus] = useState<Status | 'all'>(() =>
    // the level above works through what waits for it; a branch follows all its requests
    can('points.approve') ? 'pending' : 'all',
  );
  const [requests, setRequests] = useState<PointsRequest[]>([]);
  const [rules, setRules] = useState<Rule[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [requesting, setRequesting] = useState(false);
  const [deciding, setDeciding] = useState<{
    request: PointsRequest;
    decision: 'approved' | 'rejected';
  } | null>(null);
  const [ledgerMember, setLedgerMember] = useState<number | undefined>();
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [reversing, setReversing] = useState<Entry | null>(null);
  const [requestForm] = Form.useForm();
  const [decisionForm] = Form.useForm();
  const [reverseForm] = Form.useForm();
  const members = useMemberOptions(orgId);
  const ruleCode: ManualCode = Form.useWatch('ruleCode', requestForm) ?? 'manual.award';
  const manualRules = useMemo(
    () => rules.filter((r) => r.kind === 'manual' && REQUESTABLE.includes(r.code)),
    [rules],
  );
  const rule = manualRules.find((r) => r.code === ruleCode);
  const deduct = ruleCode === 'manual.deduct';
  // The form takes a magnitude; a deduction is stored negative, so its limits are mirrored.
  const limits = rule
    ? deduct
      ? { min: -(rule.max ?? 0), max: -(rule.min ?? 0) }
      : { min: rule.min ?? 0, max: rule.max ?? 0 }
    : { min: 0, max: 0 };

  const load = useCallback(async () => {
    if (!orgId) return;
    try {
      const r = await api.get<{ data: PointsRequest[] }>('/points/requests', {
        orgId,
        status: status === 'all' ? undefined : status,
      });
      setRequests(r.data);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, [orgId, status]);
  useEffect(() => {
    load();
  }, [load]);
  useEffect(() => {
    if (!orgId) return;
    api
      .get<{ data: { rules: Rule[] } }>('/points/rules', { orgId })
      .then((r) => setRules(r.data.rules))
      .catch((e) => setError(errorText(e)));
  }, [orgId]);

  const loadLedger = useCallback(async () => {
    if (!ledgerMember) return setEntries(null);
    try {
      const r = await api.get<{ data: Entry[] }>(`/points/members/${ledgerMember}/entries`);
      setEntries(r.data);
    } catch (e) {
      setError(errorText(e));
    }
  }, [ledgerMember]);
  useEffect(() => {
    loadLedger();
  }, [loadLedger]);

  const submitRequest = async () => {
    const v = await requestForm.validateFields();
    try {
      await api.post(`/orgs/${orgId}/points/requests`, {
        memberId: v.memberId,
        ruleCode: v.ruleCode,
        points: v.ruleCode === 'manual.deduct' ? -Math.abs(v.points) : Math.abs(v.points),
        reason: v.reason,
      });
      message.success(t('points.req.sent'));
      setRequesting(false);
      requestForm.resetFields();
      if (status === 'pending' || status === 'all') await load();
      else setStatus('all');
    } catch (e) {
      showFormError(requestForm, e, message);
    }
  };

  const submitDecision = async () => {
    if (!deciding) return;
    const v = await decisionForm.validateFields();
    try {
      const verb = deciding.decision === 'approved' ? 'approve' : 'reject';
      await api.post(`/points/requests/${deciding.request.id}/${verb}`, { comment: v.comment || null });
      message.success(
        t(deciding.decision === 'approved' ? 'points.req.approvedDone' : 'points.req.rejectedDone'),
      );
      setDeciding(null);
      decisionForm.resetFields();
      await load();
      if (ledgerMember === deciding.request.memberId) await loadLedger();
    } catch (e) {
      showFormError(decisionForm, e, message);
    }
  };

  const submitReversal = async () => {
    if (!reversing) return;
    const v = await reverseForm.validateFields();
    try {
      await api.post(`/points/entries/${reversing.id}/reverse`, { reason: v.reason });
      message.success(t('points.reverse.done'));
      setReversing(null);
      reverseForm.resetFields();
      await loadLedger();
    } catch (e) {
      showFormError(reverseForm, e, message);
    }
  };

  /** A rule's label: translated when known, else the rule set's own (Chinese) name. */
  const ruleLabel = (code: string) => {
    const key = `points.rule.${code}`;
    const text = t(key);
    return text === key ? (rules.find((r) => r.code === code)?.name ?? code) : text;
  };
  const signed = (p: number) => (p > 0 ? `+${p}` : `${p}`);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="jc-page-header">
          <div>
            <Typography.Title level={3}>{t('points.req.title')}</Typography.Title>
            <Typography.Text type="secondary">{t('points.req.intro')}</Typography.Text>
          </div>
          <Space wrap>
            {choices.length > 1 && (
              <Select
                style={{ minWidth: 200 }}
                value={orgId}
                options={choices}
                aria-label={t('points.org')}
                onChange={(v) => setParams({ orgId: String(v) })}
              />
            )}
            {can('points.request') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                data-testid="new-points-request"
                onClick={() => setRequesting(true)}
              >
                {t('points.req.new')}
              </Button>
            )}
          </Space>
        </div>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      </Card>

      <Card
        title={t('points.req.list')}
        extra={
          <Segmented
            data-testid="status-filter"
            size="small"
            value={status}
            onChange={(v) => setStatus(v as Status | 'all')}
            options={(['pending', 'approved', 'rejected', 'all'] as const).map((s) => ({
              value: s,
              label: t(`points.req.status.${s}`),
            }))}
          />
        }
        styles={{ body: { padding: '0 16px' }, header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
      >
        <List
          data-testid="points-requests"
          dataSource={requests}
          locale={{ emptyText: t('points.req.empty') }}
          renderItem={(r) => (
            <List.Item
              data-testid={`points-request-${r.id}`}
              actions={[
                r.abilities.approve && (
                  <Button
                    key="approve"
                    type="primary"
                    size="small"
                    icon={<CheckOutlined />}
                    data-testid={`approve-${r.id}`}
                    onClick={() => setDeciding({ request: r, decision: 'approved' })}
                  >
                    {t('points.req.approve')}
                  </Button>
                ),
                r.abilities.reject && (
                  <Button
                    key="reject"
                    danger
                    size="small"
                    icon={<CloseOutlined />}
                    data-testid={`reject-${r.id}`}
                    onClick={() => setDeciding({ request: r, decision: 'rejected' })}
                  >
                    {t('points.req.reject')}
                  </Button>
                ),
              ].filter(Boolean)}
            >
              <List.Item.Meta
                title={
                  <Space size={6} wrap>
                    <Typography.Link onClick={() => setLedgerMember(r.memberId)}>
                      {r.memberName}
                    </Typography.Link>
                    <span>{ruleLabel(r.ruleCode)}</span>
                    <Typography.Text strong type={r.points < 0 ? 'danger' : 'success'}>
                      {signed(r.points)}
                    </Typography.Text>
                    <Tag color={STATUS_COLOR[r.status]} data-testid={`status-${r.id}`}>
                      {t(`points.req.status.${r.status}`)}
                    </Tag>
                  </Space>
                }
                description={
                  <Space orientation="vertical" size={0}>
                    <span>{r.reason}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('points.req.requestedAt', { at: formatDateTime(r.requestedAt) })}
                      {r.decidedAt && ` · ${t('points.req.decidedAt', { at: formatDateTime(r.decidedAt) })}`}
                    </Typography.Text>
                    {r.decisionComment && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('points.req.comment')}：{r.decisionComment}
                      </Typography.Text>
                    )}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </Card>

      <Card title={t('points.ledger')} styles={{ body: { paddingTop: 12 } }}>
        <Select
          showSearch
          filterOption={false}
          onSearch={members.onSearch}
          allowClear
          style={{ width: '100%', maxWidth: 360 }}
          placeholder={t('points.ledger.pick')}
          value={ledgerMember}
          onChange={setLedgerMember}
          options={members.options}
          data-testid="ledger-member"
        />
        {entries && (
          <Typography.Paragraph style={{ margin: '12px 0 0' }} data-testid="ledger-total">
            {t('points.ledger.total', { total: entries.reduce((sum, e) => sum + e.points, 0) })}
          </Typography.Paragraph>
        )}
        {entries && (
          <List
            data-testid="ledger"
            style={{ marginTop: 8 }}
            dataSource={entries}
            locale={{ emptyText: t('points.ledger.empty') }}
            renderItem={(e) => (
              <List.Item
                data-testid={`entry-${e.id}`}
                actions={
                  can('points.reverse') && !e.reversed && !e.reversesId
                    ? [
                        <Button
                          key="reverse"
                          size="small"
                          icon={<RollbackOutlined />}
                          data-testid={`reverse-${e.id}`}
                          onClick={() => setReversing(e)}
                        >
                          {t('points.reverse')}
                        </Button>,
                      ]
                    : undefined
                }
              >
                <List.Item.Meta
                  title={
                    <Space size={6} wrap>
                      {ruleLabel(e.ruleCode)}
                      <Typography.Text strong type={e.points < 0 ? 'danger' : 'success'}>
                        {signed(e.points)}
                      </Typography.Text>
                      {e.reversed && <Tag>{t('points.reversed')}</Tag>}
                      {e.reversesId && <Tag color="orange">{t('points.reversal')}</Tag>}
                    </Space>
                  }
                  description={`${formatDateTime(e.at)} ${e.reason ?? ''}`}
                />
              </List.Item>
            )}
          />
        )}
      </Card>

      <Modal
        open={requesting}
        title={t('points.req.new')}
        onOk={submitRequest}
        onCancel={() => setRequesting(false)}
        forceRender
      >
        <Form form={requestForm} layout="vertical" initialValues={{ ruleCode: 'manual.award' }}>
          <Form.Item name="memberId" label={t('points.req.member')} rules={[{ required: true }]}>
            <Select
              showSearch
              filterOption={false}
              onSearch={members.onSearch}
              options={members.options}
              placeholder={t('points.ledger.pick')}
              data-testid="request-member"
            />
          </Form.Item>
          <Form.Item name="ruleCode" label={t('points.req.rule')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={manualRules.map((r) => ({ value: r.code, label: ruleLabel(r.code) }))}
            />
          </Form.Item>
          {rule && (
            <Typography.Paragraph type="secondary" style={{ marginTop: -12, fontSize: 12 }}>
              {sourceInWords(rule.name)} · {sourceInWords(rule.source)}
            </Typography.Paragraph>
          )}
          <Form.Item
            name="points"
            label={t('points.req.points', { min: Math.abs(limits.min), max: Math.abs(limits.max) })}
            rules={[{ required: true }]}
          >
            <InputNumber
              min={Math.min(Math.abs(limits.min), Math.abs(limits.max))}
              max={Math.max(Math.abs(limits.min), Math.abs(limits.max))}
              step={0.5}
              prefix={deduct ? '−' : '+'}
              style={{ width: '100%' }}
              data-testid="request-points"
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('points.req.reason')}
            rules={[{ required: true, min: 2, max: 500 }]}
          >
            <Input.TextArea rows={3} maxLength={500} data-testid="request-reason" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={!!deciding}
        title={
          deciding &&
          `${t(deciding.decision === 'approved' ? 'points.req.approve' : 'points.req.reject')}：${deciding.request.memberName} ${signed(deciding.request.points)}`
        }
        onOk={submitDecision}
        onCancel={() => setDeciding(null)}
        forceRender
      >
        <Form form={decisionForm} layout="vertical">
          <Form.Item
            name="comment"
            label={t('points.req.comment')}
            rules={[{ required: deciding?.decision === 'rejected', max: 500 }]}
          >
            <Input.TextArea rows={3} maxLength={500} data-testid="decision-comment" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={!!reversing}
        title={
          reversing && `${t('points.reverse')}：${ruleLabel(reversing.ruleCode)} ${signed(reversing.points)}`
        }
        onOk={submitReversal}
        onCancel={() => setReversing(null)}
        forceRender
      >
        <Typography.Paragraph type="secondary">{t('points.reverse.intro')}</Typography.Paragraph>
        <Form form={reverseForm} layout="vertical">
          <Form.Item
            name="reason"
            label={t('points.req.reason')}
            rules={[{ required: true, min: 2, max: 500 }]}
          >
            <Input.TextArea rows={3} maxLength={500} data-testid="reverse-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
