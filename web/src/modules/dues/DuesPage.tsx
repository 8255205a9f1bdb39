import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { z } from 'zod';
import {
  DUES_CATEGORIES,
  DUES_CHANNELS,
  type declarationSchema,
  duesEndpoints,
  type ledgerRow,
  type movementSchema,
} from '../../../../server/src/modules/dues/dues.contract.ts';
import { useSession } from '../../app/session.tsx';
import { downloadUrl } from '../../shared/api.ts';
import { createClient } from '../../shared/client.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { useMessage } from '../../shared/message.ts';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { type FormValues, useFormDialog } from '../../shared/useFormDialog.tsx';
import { useList } from '../../shared/useList.ts';
import { usePageOrg } from '../../shared/usePageOrg.ts';
import { MONTH_COLORS } from './MyDuesPage.tsx';

const duesApi = createClient(duesEndpoints);
type LedgerRow = z.output<typeof ledgerRow>;
type Declaration = z.output<typeof declarationSchema>;
type Movement = z.output<typeof movementSchema>;
type Arrears = z.output<typeof duesEndpoints.arrears.response>['data'][number];
type Figures = z.output<typeof duesEndpoints.summary.response>['data'];
type ChildFigures = Figures['children'][number];

const yuan = (n: number | null) => (n === null ? '—' : n.toFixed(2));

/** `/dues`: a branch's ledger (record payments), arrears, base declarations, fund movements and the calculator. */
export default function DuesPage() {
  const t = useT();
  const msg = useMessage();
  const { orgId, setOrgId, params, setParams } = usePageOrg(useSession().me?.roles);
  const [year, setYear] = useState(dayjs().year());
  const tab = params.get('tab') ?? 'ledger';
  const setTab = (key: string) => {
    const next = new URLSearchParams(params);
    next.set('tab', key);
    setParams(next);
  };

  // The ledger and the arrears are paged by the server: a district's whole lists are read too.
  const ledger = useList<LedgerRow, { orgId?: number; year: number }>(
    async ({ filters: f, page, pageSize }, signal) => {
      if (!f.orgId) return { data: [] };
      const res = await duesApi.ledger({
        params: { id: f.orgId },
        query: { year: f.year, page, pageSize },
        signal,
      });
      return { data: res.data.rows, page: res.page };
    },
    { filters: { orgId, year }, pageSize: 50 },
  );
  const arrears = useList<Arrears, { orgId?: number }>(
    async ({ filters: f, page, pageSize }, signal) =>
      f.orgId
        ? duesApi.arrears({ query: { orgId: f.orgId, page, pageSize, names: '1' }, signal })
        : { data: [] },
    { filters: { orgId } },
  );
  const figures = useList<ChildFigures & { total?: Figures }, { orgId?: number }>(
    async ({ filters: f }, signal) => {
      if (!f.orgId) return { data: [] };
      const res = await duesApi.summary({ query: { orgId: f.orgId }, signal });
      return { data: res.data.children.map((c) => ({ ...c, total: res.data })) };
    },
    { filters: { orgId } },
  );
  const declarations = useList<Declaration, { orgId?: number; year: number }>(
    async ({ filters: f }, signal) =>
      f.orgId ? duesApi.declarations({ query: { orgId: f.orgId, year: f.year }, signal }) : { data: [] },
    { filters: { orgId, year } },
  );
  const movements = useList<Movement, { orgId?: number; year: number }>(
    async ({ filters: f }, signal) =>
      f.orgId ? duesApi.movements({ query: { orgId: f.orgId, year: f.year }, signal }) : { data: [] },
    { filters: { orgId, year } },
  );
  const reloadAll = () => {
    ledger.reload();
    arrears.reload();
    figures.reload();
    declarations.reload();
  };
  const form = useFormDialog({ okText: t('dues.ok'), doneText: t('dues.done'), after: reloadAll });

  const monthOptions = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`).map(
    (m) => ({ value: m, label: m }),
  );
  const pay = (row: LedgerRow) =>
    form.open({
      title: `${t('dues.action.pay')} · ${row.name}`,
      initialValues: {
        months: [
          row.months.find((m) => m.status === 'unpaid') ??
            row.months.find((m) => m.status === 'not_yet' && m.paid === null),
        ]
          .filter((m) => m !== undefined)
          .map((m) => m.month),
        paidOn: dayjs(),
        channel: 'wechat',
      },
      fields: [
        {
          name: 'months',
          label: t('dues.field.months'),
          required: true,
          input: <Select mode="multiple" options={monthOptions} />,
        },
        {
          name: 'paidOn',
          label: t('dues.field.paidOn'),
          required: true,
          input: <DatePicker style={{ width: '100%' }} />,
        },
        {
          name: 'channel',
          label: t('dues.field.channel'),
          required: true,
          input: <Select options={DUES_CHANNELS.map((c) => ({ value: c, label: t(`dues.channel.${c}`) }))} />,
        },
        { name: 'receiptNo', label: t('dues.field.receiptNo'), input: <Input maxLength={40} /> },
      ],
      submit: (v: FormValues) =>
        duesApi.pay({
          params: { id: orgId as number },
          body: {
            memberId: row.memberId,
            months: v.months as string[],
            paidOn: (v.paidOn as dayjs.Dayjs).format('YYYY-MM-DD'),
            channel: v.channel as (typeof DUES_CHANNELS)[number],
            receiptNo: (v.receiptNo as string) || undefined,
          },
        }),
    });
  const declare = (row: LedgerRow) =>
    form.open({
      title: `${t('dues.action.declare')} · ${row.name}`,
      initialValues: { category: row.category ?? 'employed', fromMonth: 1 },
      fields: [
        {
          name: 'category',
          label: t('dues.field.category'),
          required: true,
          input: (
            <Select options={DUES_CATEGORIES.map((c) => ({ value: c, label: t(`dues.category.${c}`) }))} />
          ),
        },
        {
          name: 'base',
          label: t('dues.field.base'),
          required: true,
          input: <InputNumber min={0} style={{ width: '100%' }} />,
        },
        {
          name: 'fromMonth',
          label: t('dues.field.fromMonth'),
          required: true,
          input: <InputNumber min={1} max={12} />,
        },
      ],
      submit: (v: FormValues) =>
        duesApi.declare({
          params: { id: orgId as number },
          body: {
            memberId: row.memberId,
            year,
            fromMonth: Number(v.fromMonth),
            category: v.category as (typeof DUES_CATEGORIES)[number],
            base: Number(v.base),
          },
        }),
    });
  const decide = async (d: Declaration, approve: boolean) => {
    try {
      if (approve) await duesApi.approve({ params: { id: d.id }, body: {} });
      else await duesApi.reject({ params: { id: d.id }, body: { reason: '基数与收入不符，请重新申报' } });
      msg.success(t('dues.done'));
      reloadAll();
    } catch (e) {
      msg.error(errorText(e));
    }
  };

  const filters = (
    <>
      <Form.Item label={t('dues.field.org')}>
        <OrgPicker value={orgId} onChange={(id) => setOrgId(id)} />
      </Form.Item>
      <Form.Item label={t('dues.field.year')}>
        <Select
          value={year}
          onChange={setYear}
          options={[0, 1, 2].map((d) => ({ value: dayjs().year() - d, label: `${dayjs().year() - d}` }))}
        />
      </Form.Item>
    </>
  );

  const ledgerTab = (
    <ListPage<LedgerRow, { orgId?: number; year: number }>
      bare
      list={ledger}
      rowKey={(r) => r.memberId}
      filters={filters}
      exportHref={orgId ? downloadUrl(`/orgs/${orgId}/dues/ledger.xlsx`, { year }) : undefined}
      exportLabel={t('dues.export')}
      testId="dues-ledger"
      scrollX={900}
      columns={[
        { title: t('dues.field.name'), dataIndex: 'name' },
        {
          title: t('dues.field.category'),
          dataIndex: 'category',
          render: (c: string | null) => (c ? t(`dues.category.${c}`) : '—'),
        },
        { title: t('dues.field.monthly'), dataIndex: 'monthly', render: yuan },
        {
          title: t('dues.field.months'),
          key: 'months',
          render: (_, r) => (
            <Space size={2} wrap>
              {r.months
                .filter((m) => m.status !== 'not_yet' || m.paid !== null)
                .map((m) => (
                  <Tag
                    key={m.month}
                    color={MONTH_COLORS[m.status]}
                    title={`${m.month} ${t(`dues.status.${m.status}`)}`}
                  >
                    {Number(m.month.slice(5))}月
                    {m.status === 'unpaid'
                      ? '未交'
                      : m.status === 'on_time'
                        ? ''
                        : t(`dues.status.${m.status}`)}
                  </Tag>
                ))}
            </Space>
          ),
        },
        { title: t('dues.field.paidTotal'), dataIndex: 'paidTotal', render: yuan },
        {
          title: t('common.table.actions'),
          key: 'actions',
          render: (_, r) => (
            <Space size={4} wrap>
              <Button
                size="small"
                type="primary"
                disabled={r.monthly === null}
                onClick={() => pay(r)}
                data-testid={`dues-pay-${r.memberId}`}
              >
                {t('dues.action.pay')}
              </Button>
              <Button size="small" onClick={() => declare(r)}>
                {t('dues.action.declare')}
              </Button>
            </Space>
          ),
        },
      ]}
    />
  );

  const total = figures.rows[0]?.total;
  const figuresTab = (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {total && (
        <div
          data-testid="dues-figures"
          style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: 8 }}
        >
          {(['members', 'owing', 'flagged', 'monthsUnpaid', 'paidLastMonth'] as const).map((k) => (
            <Card size="small" key={k}>
              <Typography.Text type="secondary">{t(`dues.figures.${k}`)}</Typography.Text>
              <div style={{ fontSize: 22, fontWeight: 600 }}>{total[k]}</div>
            </Card>
          ))}
        </div>
      )}
      <ListPage<ChildFigures, { orgId?: number }>
        bare
        list={figures}
        rowKey={(r) => r.orgId}
        testId="dues-figures-children"
        columns={[
          { title: t('dues.figures.org'), dataIndex: 'name' },
          { title: t('dues.figures.members'), dataIndex: 'members' },
          { title: t('dues.figures.owing'), dataIndex: 'owing' },
          {
            title: t('dues.figures.flagged'),
            dataIndex: 'flagged',
            render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : n),
          },
          { title: t('dues.figures.monthsUnpaid'), dataIndex: 'monthsUnpaid' },
          { title: t('dues.figures.paidLastMonth'), dataIndex: 'paidLastMonth' },
          {
            title: t('common.table.actions'),
            key: 'actions',
            render: (_, r) =>
              r.orgId !== orgId ? (
                <Button size="small" onClick={() => setOrgId(r.orgId)}>
                  {t('dues.figures.open')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Space>
  );

  const arrearsTab = (
    <ListPage<Arrears, { orgId?: number }>
      bare
      list={arrears}
      rowKey={(r) => r.memberId}
      columns={[
        { title: t('dues.field.name'), dataIndex: 'name' },
        { title: t('dues.field.org'), dataIndex: 'orgName' },
        { title: t('dues.field.monthsUnpaid'), dataIndex: 'monthsUnpaid' },
        { title: t('dues.field.lastPaid'), dataIndex: 'lastPaidMonth' },
        {
          title: t('dues.field.status'),
          dataIndex: 'flagged',
          render: (f: boolean, r) =>
            f ? <Tag color="red">{t('dues.flagged')}</Tag> : t('dues.unpaidMonths', { n: r.monthsUnpaid }),
        },
      ]}
    />
  );

  const declarationsTab = (
    <ListPage<Declaration, { orgId?: number; year: number }>
      bare
      list={declarations}
      rowKey={(r) => r.id}
      columns={[
        { title: t('dues.field.name'), dataIndex: 'memberName' },
        {
          title: t('dues.field.category'),
          dataIndex: 'category',
          render: (c: string) => t(`dues.category.${c}`),
        },
        { title: t('dues.field.base'), dataIndex: 'base', render: yuan },
        { title: t('dues.field.monthly'), dataIndex: 'monthly', render: yuan },
        {
          title: t('dues.field.fromMonth'),
          key: 'from',
          render: (_, r) => `${r.year}-${String(r.fromMonth).padStart(2, '0')}`,
        },
        { title: t('dues.field.status'), dataIndex: 'status', render: (s: string) => t(`dues.decl.${s}`) },
        {
          title: t('common.table.actions'),
          key: 'actions',
          render: (_, r) => (
            <Space size={4}>
              {r.abilities?.approve && (
                <Button size="small" type="primary" onClick={() => decide(r, true)}>
                  {t('dues.action.approve')}
                </Button>
              )}
              {r.abilities?.reject && (
                <Button size="small" onClick={() => decide(r, false)}>
                  {t('dues.action.reject')}
                </Button>
              )}
            </Space>
          ),
        },
      ]}
    />
  );

  const movementsTab = (
    <ListPage<Movement, { orgId?: number; year: number }>
      bare
      list={movements}
      rowKey={(r) => r.id}
      columns={[
        { title: t('dues.field.date'), dataIndex: 'onDate' },
        { title: t('dues.field.org'), dataIndex: 'orgName' },
        { title: t('dues.field.kind'), dataIndex: 'kind', render: (k: string) => t(`dues.kind.${k}`) },
        { title: t('dues.field.counterpart'), dataIndex: 'counterpartOrgName' },
        { title: t('dues.field.amount'), dataIndex: 'amount', render: yuan },
        { title: t('dues.field.note'), dataIndex: 'note' },
      ]}
    />
  );

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
        {t('dues.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('dues.intro')}
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'figures', label: t('dues.tab.figures'), children: figuresTab },
          { key: 'ledger', label: t('dues.tab.ledger'), children: ledgerTab },
          { key: 'arrears', label: t('dues.tab.arrears'), children: arrearsTab },
          { key: 'declarations', label: t('dues.tab.declarations'), children: declarationsTab },
          { key: 'movements', label: t('dues.tab.movements'), children: movementsTab },
          { key: 'calculator', label: t('dues.tab.calculator'), children: <Calculator orgId={orgId} /> },
        ]}
      />
      {form.dialog}
    </Space>
  );
}

/** The calculator: the amount, the rate on the whole base and the rule applied. */
function Calculator({ orgId }: { orgId?: number }) {
  const t = useT();
  const [answer, setAnswer] = useState<z.output<typeof duesEndpoints.calculate.response>['data'] | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);
  return (
    <Card style={{ maxWidth: 560 }}>
      <Form
        layout="vertical"
        initialValues={{ category: 'employed', base: 5400 }}
        onFinish={(v: { category: (typeof DUES_CATEGORIES)[number]; base: number }) =>
          duesApi
            .calculate({ query: { base: v.base, category: v.category, orgId } })
            .then((r) => {
              setAnswer(r.data);
              setError(null);
            })
            .catch((e) => setError(errorText(e)))
        }
      >
        <Form.Item name="category" label={t('dues.field.category')}>
          <Select options={DUES_CATEGORIES.map((c) => ({ value: c, label: t(`dues.category.${c}`) }))} />
        </Form.Item>
        <Form.Item name="base" label={t('dues.field.base')}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('dues.action.calculate')}
        </Button>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {answer && (
        <div style={{ marginTop: 16 }} data-testid="dues-calc-result">
          <Typography.Title level={2} style={{ fontSize: 20 }}>
            {t('dues.calc.result', { amount: answer.amount.toFixed(2) })}
          </Typography.Title>
          <Typography.Paragraph>
            {answer.rate === null
              ? t('dues.calc.fixed')
              : t('dues.calc.rate', { rate: +(answer.rate * 100).toFixed(2) })}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary">
            {t('dues.calc.rule', { source: answer.rule.source, version: answer.rule.version })}
          </Typography.Paragraph>
        </div>
      )}
    </Card>
  );
}
