import { SafetyCertificateOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { auditEndpoints } from '../../../../server/src/modules/audit/audit.contract.ts';
import { useSession } from '../../app/session.tsx';
import { downloadUrl } from '../../shared/api.ts';
import { type Answer, createClient } from '../../shared/client.ts';
import { errorText } from '../../shared/errors.ts';
import { FilterActions } from '../../shared/FilterActions.tsx';
import { useI18n, useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { ROLE_KEYS } from '../../shared/messages.ts';
import { useList } from '../../shared/useList.ts';

const auditApi = createClient(auditEndpoints);
type AuditRow = Answer<typeof auditEndpoints.list>['data'][number];
type Verify = Answer<typeof auditEndpoints.verify>['data'];
type Outcome = AuditRow['outcome'];

const OUTCOMES: readonly Outcome[] = ['success', 'failure', 'denied'];
const OUTCOME_COLORS: Record<Outcome, string> = { success: 'green', failure: 'orange', denied: 'red' };

interface FilterValues {
  range?: [Dayjs | null, Dayjs | null] | null;
  username?: string;
  action?: string;
  outcome?: Outcome;
}

function toQuery(values: FilterValues) {
  return {
    from: values.range?.[0]?.toISOString(),
    to: values.range?.[1]?.toISOString(),
    username: values.username?.trim() || undefined,
    action: values.action?.trim() || undefined,
    outcome: values.outcome,
  };
}

/**
 * The action in words: the server's Chinese name (from the audit catalogue and the permissions),
 * in English from this module's catalogue where it has the code. The code itself is shown only in
 * the record's detail.
 */
function ActionLabel({ row }: { row: Pick<AuditRow, 'action' | 'actionName'> }) {
  const t = useT();
  const { locale } = useI18n();
  const key = `audit.action.${row.action}`;
  const translated = t(key);
  if (locale !== 'zh-CN' && translated !== key) return <span>{translated}</span>;
  return <span>{row.actionName ?? (translated !== key ? translated : t('audit.action.other'))}</span>;
}

const userOf = (row: AuditRow, anonymous: string) => row.userName ?? row.username ?? anonymous;

/** The stored role codes in words ("街道党工委书记、党员"), or a dash. */
function RoleNames({ roles }: { roles: string[] }) {
  const t = useT();
  if (roles.length === 0) return <span>—</span>;
  return (
    <span>
      {roles.map((r) => (r in ROLE_KEYS ? t(ROLE_KEYS[r as keyof typeof ROLE_KEYS]) : r)).join('、')}
    </span>
  );
}

/** `/audit`: the audit administrator's view of the log: filters, paging, CSV export, chain check. */
export default function AuditPage() {
  const t = useT();
  const { can } = useSession();
  const [form] = Form.useForm<FilterValues>();
  const list = useList<AuditRow, Partial<ReturnType<typeof toQuery>>>(({ filters, page, pageSize }, signal) =>
    auditApi.list({ query: { ...filters, page, pageSize }, signal }),
  );
  const [verifyError, setVerifyError] = useState<string | null>(null);
  const [verify, setVerify] = useState<Verify | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [opened, setOpened] = useState<AuditRow | null>(null);

  const runVerify = async () => {
    setVerifying(true);
    try {
      setVerify((await auditApi.verify()).data);
    } catch (e) {
      setVerifyError(errorText(e));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <>
      <ListPage<AuditRow, Partial<ReturnType<typeof toQuery>>>
        title={t('audit.title')}
        intro={t('audit.intro')}
        exportHref={can('audit.export') ? downloadUrl('/audit/export', list.filters) : undefined}
        exportLabel={t('audit.export')}
        actions={
          can('audit.verify') && (
            <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={runVerify}>
              {t('audit.verify')}
            </Button>
          )
        }
        notice={
          <>
            {verify && (
              <Alert
                data-testid="audit-verify"
                style={{ marginBottom: 16 }}
                showIcon
                closable={{ onClose: () => setVerify(null) }}
                type={verify.ok ? 'success' : 'error'}
                title={verify.ok ? t('audit.verify.ok') : t('audit.verify.broken')}
                description={
                  verify.ok
                    ? t('audit.verify.okDetail', { checked: verify.checked })
                    : `${verify.brokenAt ? t(`audit.verify.${verify.brokenAt.problem}`, { id: verify.brokenAt.id }) : ''} ${t('audit.verify.checked', { checked: verify.checked })}`
                }
              />
            )}
            {verifyError && <Alert type="error" showIcon title={verifyError} style={{ marginBottom: 12 }} />}
          </>
        }
        filters={
          <Form form={form} layout="inline" onFinish={(values) => list.setFilters(toQuery(values))}>
            <Form.Item name="range">
              <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Form.Item name="username">
              <Input
                allowClear
                placeholder={t('audit.filter.username')}
                style={{ width: 150 }}
                maxLength={64}
              />
            </Form.Item>
            <Form.Item name="action">
              <Input
                allowClear
                placeholder={t('audit.filter.action')}
                style={{ width: 170 }}
                maxLength={64}
              />
            </Form.Item>
            <Form.Item name="outcome">
              <Select
                allowClear
                placeholder={t('audit.filter.outcomeAll')}
                style={{ width: 130 }}
                options={OUTCOMES.map((o) => ({ value: o, label: t(`audit.outcome.${o}`) }))}
              />
            </Form.Item>
            <FilterActions
              onReset={() => {
                form.resetFields();
                list.setFilters({});
              }}
            />
          </Form>
        }
        list={list}
        rowKey={(r) => r.id}
        scrollX={1280}
        onRowClick={setOpened}
        cardTitle={(r) => (
          <Space wrap size={4}>
            <ActionLabel row={r} />
            <Tag color={OUTCOME_COLORS[r.outcome]}>{t(`audit.outcome.${r.outcome}`)}</Tag>
          </Space>
        )}
        columns={[
          { title: '#', dataIndex: 'id', width: 80 },
          {
            title: t('audit.col.at'),
            dataIndex: 'atChina',
            width: 170,
          },
          {
            title: t('audit.col.username'),
            key: 'user',
            width: 170,
            render: (_v, row) =>
              row.userId === null && !row.username ? (
                <Typography.Text type="secondary">{t('audit.anonymous')}</Typography.Text>
              ) : (
                userOf(row, t('audit.anonymous'))
              ),
          },
          {
            title: t('audit.col.roles'),
            dataIndex: 'roles',
            width: 150,
            render: (roles: string[]) => <RoleNames roles={roles} />,
          },
          {
            title: t('audit.col.action'),
            key: 'action',
            width: 180,
            render: (_v, row) => <ActionLabel row={row} />,
          },
          {
            title: t('audit.col.object'),
            dataIndex: 'objectName',
            ellipsis: true,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('audit.col.scope'),
            dataIndex: 'scope',
            width: 160,
            ellipsis: true,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('audit.col.outcome'),
            dataIndex: 'outcome',
            width: 90,
            render: (o: Outcome) => <Tag color={OUTCOME_COLORS[o]}>{t(`audit.outcome.${o}`)}</Tag>,
          },
          { title: t('audit.col.ip'), dataIndex: 'ip', width: 130 },
          {
            title: t('audit.col.userAgent'),
            dataIndex: 'userAgent',
            width: 180,
            ellipsis: true,
            render: (v: string | null) => v ?? '—',
          },
        ]}
      />
      <Drawer
        open={opened !== null}
        onClose={() => setOpened(null)}
        title={opened ? t('audit.detail.title', { id: opened.id }) : ''}
        size={520}
      >
        {opened && (
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              { key: 'at', label: t('audit.col.at'), children: opened.atChina },
              {
                key: 'user',
                label: t('audit.col.username'),
                children: userOf(opened, t('audit.anonymous')),
              },
              { key: 'roles', label: t('audit.col.roles'), children: <RoleNames roles={opened.roles} /> },
              { key: 'action', label: t('audit.col.action'), children: <ActionLabel row={opened} /> },
              { key: 'object', label: t('audit.col.object'), children: opened.objectName ?? '—' },
              {
                key: 'codes',
                label: t('audit.col.codes'),
                children: (
                  <Typography.Text code style={{ wordBreak: 'break-all' }}>
                    {[opened.action, opened.objectType, opened.objectId].filter(Boolean).join(' · ')}
                  </Typography.Text>
                ),
              },
              {
                key: 'outcome',
                label: t('audit.col.outcome'),
                children: (
                  <Tag color={OUTCOME_COLORS[opened.outcome]}>{t(`audit.outcome.${opened.outcome}`)}</Tag>
                ),
              },
              {
                key: 'scope',
                label: t('audit.col.scope'),
                children: [opened.scope, opened.orgPath].filter(Boolean).join(' ') || '—',
              },
              { key: 'ip', label: t('audit.col.ip'), children: opened.ip ?? '—' },
              { key: 'ua', label: t('audit.col.userAgent'), children: opened.userAgent ?? '—' },
              { key: 'req', label: t('audit.col.requestId'), children: opened.requestId ?? '—' },
              {
                key: 'detail',
                label: t('audit.col.detail'),
                children: (
                  <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>
                    {JSON.stringify(opened.detail, null, 2)}
                  </pre>
                ),
              },
              {
                key: 'hash',
                label: t('audit.col.hash'),
                children: (
                  <Typography.Text code style={{ wordBreak: 'break-all' }}>
                    {opened.hash}
                  </Typography.Text>
                ),
              },
            ]}
          />
        )}
      </Drawer>
    </>
  );
}
