import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { errorText } from '../../shared/errors.ts';
import { textOr, useI18n } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { useMessage } from '../../shared/message.ts';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { useList } from '../../shared/useList.ts';
import {
  EDUCATION_LABELS,
  type MemberItem,
  type MemberListQuery,
  memberFiles,
  membersApi,
  STATUS_LABELS,
} from './api.ts';
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
  const { t, locale } = useI18n();
  // A place's own names (categories) in Chinese; in English the built-in ones by code.
  const tr = (group: string, code: string, label: string) =>
    locale === 'zh-CN' ? label : textOr(t, `members.${group}.${code}`, label);
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
    ({ filters: f, page, pageSize }, signal) =>
      membersApi.list({ query: { ...f, page, pageSize } as MemberListQuery, signal }),
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
    membersApi.categories({ query: { orgId } }).then(
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
      await memberFiles.exportFile({ ...exportFilters(), format, unmasked: false });
    } catch (e) {
      message.error(errorText(e));
    }
  };
  // Unmasked: a request that another person approves; the file is downloaded once from
  // 「导出审批」 (PIPL-06).
  const requestUnmasked = async (format: 'xlsx' | 'csv') => {
    try {
      await membersApi.requestExport({
        body: { ...exportFilters(), orgId: orgId as number, format, reason: exportReason },
      });
      setExportOpen(null);
      setExportReason('');
      message.success(t('members.list.requested'));
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
                {t('members.list.create')}
              </Button>
            )}
            {can('members.export') && (
              <>
                <Button
                  icon={<DownloadOutlined />}
                  onClick={() => doExport('xlsx')}
                  data-testid="export-xlsx"
                >
                  {t('members.list.exportXlsx')}
                </Button>
                <Button icon={<DownloadOutlined />} onClick={() => doExport('csv')}>
                  {t('members.list.exportCsv')}
                </Button>
              </>
            )}
            {can('members.export_unmasked') && (
              <Button onClick={() => setExportOpen('xlsx')} data-testid="request-unmasked">
                {t('members.list.requestUnmasked')}
              </Button>
            )}
          </Space>
        }
        filters={
          <Form form={form} layout="inline" onFinish={apply} style={{ rowGap: 8 }}>
            <Form.Item name="orgId" label={t('members.list.filter.org')}>
              <OrgPicker allowClear placeholder={t('members.list.filter.all')} />
            </Form.Item>
            <Form.Item name="q" label={t('members.list.filter.q')}>
              <Input
                allowClear
                placeholder={t('members.list.filter.qPlaceholder')}
                style={{ width: 220 }}
                data-testid="member-search"
              />
            </Form.Item>
            <Form.Item name="category" label={t('members.list.filter.category')}>
              <Select
                allowClear
                style={{ width: 130 }}
                options={Object.entries(categories).map(([value, label]) => ({
                  value,
                  label: tr('category', value, label),
                }))}
              />
            </Form.Item>
            <Form.Item name="status" label={t('members.list.filter.status')}>
              <Select
                allowClear
                style={{ width: 120 }}
                options={Object.keys(STATUS_LABELS).map((value) => ({
                  value,
                  label: t(`members.status.${value}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="gender" label={t('members.list.filter.gender')}>
              <Select
                allowClear
                style={{ width: 80 }}
                options={[
                  { value: 'male', label: t('members.gender.male') },
                  { value: 'female', label: t('members.gender.female') },
                ]}
              />
            </Form.Item>
            <Form.Item name="education" label={t('members.list.filter.education')}>
              <Select
                allowClear
                style={{ width: 130 }}
                options={Object.keys(EDUCATION_LABELS).map((value) => ({
                  value,
                  label: t(`members.education.${value}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="birthYearFrom" label={t('members.list.filter.birthYear')}>
              <InputNumber min={1900} max={2100} style={{ width: 90 }} />
            </Form.Item>
            <Form.Item name="birthYearTo" label={t('members.list.filter.birthYearTo')}>
              <InputNumber min={1900} max={2100} style={{ width: 90 }} />
            </Form.Item>
            <Form.Item name="conversionOverdue" label={t('members.list.filter.conversion')}>
              <Select
                allowClear
                style={{ width: 140 }}
                data-testid="filter-conversion-overdue"
                options={[{ value: 'true', label: t('members.list.filter.conversionOverdue') }]}
              />
            </Form.Item>
            <Form.Item>
              <Space>
                <Button type="primary" htmlType="submit">
                  {t('members.list.search')}
                </Button>
                <Button onClick={() => apply({})}>{t('members.list.reset')}</Button>
              </Space>
            </Form.Item>
          </Form>
        }
        list={list}
        rowKey={(r) => r.id}
        scrollX={900}
        emptyText={t('members.list.empty')}
        totalText={(n) => t('members.list.total', { n })}
        columns={[
          {
            title: t('members.list.col.name'),
            dataIndex: 'name',
            render: (v: string, r) => <Link to={`/members/${r.id}`}>{v}</Link>,
          },
          {
            title: t('members.list.col.gender'),
            dataIndex: 'gender',
            render: (g: string) => t(`members.gender.${g}`),
            width: 60,
          },
          { title: t('members.list.col.age'), dataIndex: 'age', width: 60 },
          {
            title: t('members.list.col.idNumber'),
            dataIndex: 'idNumber',
            render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
          },
          { title: t('members.list.col.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
          {
            title: t('members.list.col.category'),
            dataIndex: 'category',
            render: (c: string) => tr('category', c, categories[c] ?? c),
          },
          {
            title: t('members.list.col.status'),
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={s === 'full' ? 'red' : s === 'probationary' ? 'orange' : 'default'}>
                {t(`members.status.${s}`)}
              </Tag>
            ),
          },
          { title: t('members.list.col.org'), dataIndex: 'orgName' },
          { title: t('members.list.col.joinedOn'), dataIndex: 'joinedOn' },
          {
            title: t('members.list.col.probationEnd'),
            dataIndex: 'probationEnd',
            render: (end: string | null, r: MemberItem) =>
              end === null ? (
                '—'
              ) : r.conversionOverdue ? (
                <Tag color="red">{t('members.list.overdue', { date: end })}</Tag>
              ) : (
                end
              ),
          },
          ...(can('members.reveal')
            ? [
                {
                  title: t('common.table.actions'),
                  key: 'reveal',
                  render: (_: unknown, r: MemberItem) => (
                    <Button size="small" onClick={() => setReveal(r)}>
                      {t('members.list.reveal')}
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
        title={t('members.list.unmasked.title')}
        open={exportOpen !== null}
        onCancel={() => setExportOpen(null)}
        okText={t('members.list.unmasked.submit')}
        okButtonProps={{ disabled: exportReason.trim().length < 10 || !orgId }}
        onOk={() => requestUnmasked(exportOpen ?? 'xlsx')}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="info" showIcon message={t('members.list.unmasked.note')} />
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
            placeholder={t('members.list.unmasked.reason')}
            value={exportReason}
            onChange={(e) => setExportReason(e.target.value)}
          />
        </Space>
      </Modal>
    </>
  );
}
