import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { useMessage } from '../../shared/message.ts';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { useList } from '../../shared/useList.ts';
import { EDUCATION_LABELS, type MemberItem, membersApi, STATUS_LABELS } from './api.ts';
import { MemberForm } from './MemberForm.tsx';
import { RevealDialog } from './RevealDialog.tsx';

const FILTER_KEYS = [
  'orgId',
  'q',
  'category',
  'status',
  'gender',
  'education',
  'birthYearFrom',
  'birthYearTo',
  'partyMonth',
  'includeInactive',
  'conversionOverdue',
] as const;

/** `/members`: the register of the caller's subtree; the cockpit's figures link here with filters. */
export default function MembersPage() {
  const t = useT();
  const { me, can } = useSession();
  const navigate = useNavigate();
  const message = useMessage();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(
    () => Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v)),
    [params],
  );
  const [form] = Form.useForm();
  const list = useList<MemberItem, Record<string, string>>(
    ({ filters: f, page, pageSize }, signal) => membersApi.list({ ...f, page, pageSize }, signal),
    { filters },
  );
  const [categories, setCategories] = useState<Record<string, string>>({});
  const [reveal, setReveal] = useState<MemberItem | null>(null);
  const [creating, setCreating] = useState(false);
  const [exportOpen, setExportOpen] = useState<null | 'xlsx' | 'csv'>(null);
  const [exportReason, setExportReason] = useState('');
  const orgId = filters.orgId ? Number(filters.orgId) : (me?.scopes[0]?.id ?? me?.user.homeOrgId);

  useEffect(() => {
    // The place's own list (member rules): a street may add categories of its own.
    membersApi.categories(orgId).then(
      (r) => setCategories(Object.fromEntries(r.data.items.map((c) => [c.code, c.label]))),
      () => {},
    );
  }, [orgId]);
  useEffect(
    () => form.setFieldsValue({ ...filters, orgId: filters.orgId ? Number(filters.orgId) : undefined }),
    [filters, form],
  );
  const apply = (values: Record<string, unknown>) => {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(values))
      if (v !== undefined && v !== null && v !== '') next.set(k, String(v));
    setParams(next);
  };
  const exportFilters = () => {
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(filters)) {
      if (k === 'includeInactive' || k === 'conversionOverdue') body[k] = v;
      else if (['orgId', 'birthYearFrom', 'birthYearTo', 'partyMonth'].includes(k)) body[k] = Number(v);
      else body[k] = v;
    }
    return body;
  };
  const doExport = async (format: 'xlsx' | 'csv') => {
    try {
      await membersApi.exportFile({ ...exportFilters(), format, unmasked: false });
    } catch (e) {
      message.error(errorText(e));
    }
  };
  // Unmasked: a request that another person approves; the file is downloaded once from
  // 「导出审批」 (PIPL-06).
  const requestUnmasked = async (format: 'xlsx' | 'csv') => {
    try {
      await membersApi.requestExport({ ...exportFilters(), orgId, format, reason: exportReason });
      setExportOpen(null);
      setExportReason('');
      message.success('已提交申请。经另一名有审批权限的人员批准后，可在「导出审批」中下载一次。');
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <>
      <ListPage<MemberItem, Record<string, string>>
        title={t('members.title')}
        actions={
          <Space wrap>
            {can('members.create') && orgId && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                登记党员
              </Button>
            )}
            {can('members.export') && (
              <>
                <Button
                  icon={<DownloadOutlined />}
                  onClick={() => doExport('xlsx')}
                  data-testid="export-xlsx"
                >
                  导出台账 (.xlsx)
                </Button>
                <Button icon={<DownloadOutlined />} onClick={() => doExport('csv')}>
                  导出 CSV
                </Button>
              </>
            )}
            {can('members.export_unmasked') && (
              <Button onClick={() => setExportOpen('xlsx')} data-testid="request-unmasked">
                申请导出明文…
              </Button>
            )}
          </Space>
        }
        filters={
          <Form form={form} layout="inline" onFinish={apply} style={{ rowGap: 8 }}>
            <Form.Item name="orgId" label="组织">
              <OrgPicker allowClear placeholder="全部" />
            </Form.Item>
            <Form.Item name="q" label="查找">
              <Input
                allowClear
                placeholder="姓名、手机号或身份证号"
                style={{ width: 220 }}
                data-testid="member-search"
              />
            </Form.Item>
            <Form.Item name="category" label="类别">
              <Select
                allowClear
                style={{ width: 130 }}
                options={Object.entries(categories).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
            <Form.Item name="status" label="状态">
              <Select
                allowClear
                style={{ width: 120 }}
                options={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
            <Form.Item name="gender" label="性别">
              <Select
                allowClear
                style={{ width: 80 }}
                options={[
                  { value: 'male', label: '男' },
                  { value: 'female', label: '女' },
                ]}
              />
            </Form.Item>
            <Form.Item name="education" label="学历">
              <Select
                allowClear
                style={{ width: 130 }}
                options={Object.entries(EDUCATION_LABELS).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
            <Form.Item name="birthYearFrom" label="出生年份">
              <InputNumber min={1900} max={2100} style={{ width: 90 }} />
            </Form.Item>
            <Form.Item name="birthYearTo" label="至">
              <InputNumber min={1900} max={2100} style={{ width: 90 }} />
            </Form.Item>
            <Form.Item name="conversionOverdue" label="转正">
              <Select
                allowClear
                style={{ width: 140 }}
                data-testid="filter-conversion-overdue"
                options={[{ value: 'true', label: '逾期未转正' }]}
              />
            </Form.Item>
            <Form.Item>
              <Space>
                <Button type="primary" htmlType="submit">
                  查询
                </Button>
                <Button onClick={() => apply({})}>重置</Button>
              </Space>
            </Form.Item>
          </Form>
        }
        list={list}
        rowKey={(r) => r.id}
        scrollX={900}
        emptyText="没有符合条件的党员"
        totalText={(n) => `共 ${n} 人`}
        columns={[
          {
            title: '姓名',
            dataIndex: 'name',
            render: (v: string, r) => <Link to={`/members/${r.id}`}>{v}</Link>,
          },
          {
            title: '性别',
            dataIndex: 'gender',
            render: (g: string) => (g === 'male' ? '男' : '女'),
            width: 60,
          },
          { title: '年龄', dataIndex: 'age', width: 60 },
          {
            title: '身份证号',
            dataIndex: 'idNumber',
            render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
          },
          { title: '手机号', dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
          { title: '类别', dataIndex: 'category', render: (c: string) => categories[c] ?? c },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={s === 'full' ? 'red' : s === 'probationary' ? 'orange' : 'default'}>
                {STATUS_LABELS[s]}
              </Tag>
            ),
          },
          { title: '所在党组织', dataIndex: 'orgName' },
          { title: '入党日期', dataIndex: 'joinedOn' },
          {
            title: '预备期满',
            dataIndex: 'probationEnd',
            render: (end: string | null, r: MemberItem) =>
              end === null ? '—' : r.conversionOverdue ? <Tag color="red">{end} 逾期未转正</Tag> : end,
          },
          ...(can('members.reveal')
            ? [
                {
                  title: t('common.table.actions'),
                  key: 'reveal',
                  render: (_: unknown, r: MemberItem) => (
                    <Button size="small" onClick={() => setReveal(r)}>
                      查看
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {reveal && (
        <RevealDialog memberId={reveal.id} name={reveal.name} open onClose={() => setReveal(null)} />
      )}
      <MemberForm
        orgId={orgId}
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(m) => navigate(`/members/${m.id}`)}
      />
      <Modal
        title="申请导出明文（不打码）"
        open={exportOpen !== null}
        onCancel={() => setExportOpen(null)}
        okText="提交申请"
        okButtonProps={{ disabled: exportReason.trim().length < 10 || !orgId }}
        onOk={() => requestUnmasked(exportOpen ?? 'xlsx')}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert
            type="info"
            showIcon
            message="不打码名册须由另一名有审批权限的人员批准；批准后仅您本人可在期限内下载一次。申请、审批和下载均记入审计日志。"
          />
          <Select
            value={exportOpen ?? 'xlsx'}
            onChange={(v) => setExportOpen(v)}
            options={[
              { value: 'xlsx', label: 'Excel (.xlsx)' },
              { value: 'csv', label: 'CSV' },
            ]}
          />
          <Input.TextArea
            rows={3}
            placeholder="导出用途（至少 10 个字，例如：上报市委组织部年度党员信息核对）"
            value={exportReason}
            onChange={(e) => setExportReason(e.target.value)}
          />
        </Space>
      </Modal>
    </>
  );
}
