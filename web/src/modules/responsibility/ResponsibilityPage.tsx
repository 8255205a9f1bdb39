import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Empty,
  Input,
  InputNumber,
  List,
  Progress,
  Select,
  Space,
  Spin,
  Switch,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import {
  type ItemDto,
  type ListDto,
  responsibilityEndpoints,
} from '../../../../server/src/modules/responsibility/responsibility.contract.ts';
import { useSession } from '../../app/session.tsx';
import { createClient } from '../../shared/client.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { ModalForm } from '../../shared/ModalForm.tsx';
import { useMessage } from '../../shared/message.ts';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { useList } from '../../shared/useList.ts';
import { usePageOrg } from '../../shared/usePageOrg.ts';
import { Breakthroughs } from './Breakthroughs.tsx';

const responsibilityApi = createClient(responsibilityEndpoints);
const THIS_YEAR = new Date().getFullYear();

/** `/responsibility`: an organization's lists for a year (sign, add, take from above) and every item below it. */
export default function ResponsibilityPage() {
  const t = useT();
  const session = useSession();
  const { orgId, setOrgId, params, setParams } = usePageOrg(session.me?.roles);
  const year = Number(params.get('year')) || THIS_YEAR;
  const asked = params.get('view');
  const view = asked === 'items' || asked === 'breakthroughs' ? asked : 'lists';
  const set = (key: string, value?: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const [reporting, setReporting] = useState<ItemDto | null>(null);
  return (
    <Card title={t('responsibility.title')}>
      <Typography.Paragraph type="secondary">{t('responsibility.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgPicker value={orgId} onChange={(id) => setOrgId(id)} ariaLabel={t('responsibility.field.org')} />
        <Select
          aria-label={t('responsibility.field.year')}
          value={year}
          style={{ width: 100 }}
          onChange={(y) => set('year', String(y))}
          options={[THIS_YEAR - 1, THIS_YEAR, THIS_YEAR + 1].map((y) => ({ value: y, label: `${y}` }))}
        />
      </Space>
      <Tabs
        activeKey={view}
        onChange={(k) => set('view', k === 'lists' ? undefined : k)}
        items={[
          {
            key: 'lists',
            label: t('responsibility.tab.lists'),
            children: orgId ? <OrgLists orgId={orgId} year={year} onReport={setReporting} /> : null,
          },
          {
            key: 'items',
            label: t('responsibility.tab.items'),
            children: orgId ? <SubtreeItems orgId={orgId} year={year} onReport={setReporting} /> : null,
          },
          {
            key: 'breakthroughs',
            label: t('responsibility.tab.breakthroughs'),
            children: orgId ? (
              <Breakthroughs orgId={orgId} year={year} canAdd={session.can('responsibility.manage')} />
            ) : null,
          },
        ]}
      />
      <ReportForm item={reporting} onClose={() => setReporting(null)} />
    </Card>
  );
}

function ItemLine({ item, onReport }: { item: ItemDto; onReport: (item: ItemDto) => void }) {
  const t = useT();
  return (
    <List.Item
      actions={
        item.abilities?.report
          ? [
              <Button key="report" size="small" onClick={() => onReport(item)}>
                {t('responsibility.action.report')}
              </Button>,
            ]
          : []
      }
    >
      <List.Item.Meta
        title={
          <Space wrap size={4}>
            {item.title}
            {item.late && <Tag color="red">{t('responsibility.late')}</Tag>}
            {item.status === 'done' && <Tag color="green">{t('responsibility.status.done')}</Tag>}
          </Space>
        }
        description={
          <Space direction="vertical" size={0} style={{ width: '100%' }}>
            <span>
              {item.ownerOrgName} · {item.ownerPerson} · {t('responsibility.field.deadline')} {item.deadline}{' '}
              · {t('responsibility.field.weight')} {item.weight}
            </span>
            <span>{item.measure}</span>
            <Progress percent={item.progress} size="small" style={{ maxWidth: 240 }} />
          </Space>
        }
      />
    </List.Item>
  );
}

function signatureLine(list: ListDto, t: ReturnType<typeof useT>) {
  if (list.signedBy && list.signedAt) {
    return (
      <Space wrap size={4}>
        <Tag color="green">
          {t('responsibility.sign.signed', {
            name: list.signedBy,
            at: new Date(list.signedAt).toLocaleDateString('zh-CN'),
            version: list.version,
          })}
        </Tag>
        {list.signedLate && <Tag color="orange">{t('responsibility.sign.late')}</Tag>}
      </Space>
    );
  }
  if (list.needsResign) return <Tag color="orange">{t('responsibility.sign.resign')}</Tag>;
  return (
    <Tag color={list.signedLate ? 'red' : 'default'}>
      {t('responsibility.sign.unsigned', { due: list.signDueOn })}
    </Tag>
  );
}

function OrgLists({
  orgId,
  year,
  onReport,
}: {
  orgId: number;
  year: number;
  onReport: (i: ItemDto) => void;
}) {
  const t = useT();
  const message = useMessage();
  const [lists, setLists] = useState<ListDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState<ListDto | null>(null);
  const load = useCallback(() => {
    setError(null);
    responsibilityApi.lists({ query: { orgId, year } }).then(
      (r) => setLists(r.data),
      (e) => setError(errorText(e)),
    );
  }, [orgId, year]);
  useEffect(load, [load]);
  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      const r = (await fn()) as { data?: { lists: number; items: number } };
      message.success(t(done, r?.data && 'lists' in r.data ? r.data : undefined));
      load();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  if (error) return <Alert type="error" message={error} />;
  if (!lists) return <Spin />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Button
        onClick={() =>
          act(
            () => responsibilityApi.take({ params: { id: orgId }, body: { year } }),
            'responsibility.done.take',
          )
        }
      >
        {t('responsibility.action.take')}
      </Button>
      {lists.length === 0 && <Empty description={t('responsibility.empty')} />}
      {lists.map((list) => (
        <Card
          key={list.id}
          size="small"
          title={
            <Space wrap size={4}>
              {list.title}
              <Tag>{list.kindName}</Tag>
            </Space>
          }
          extra={
            <Space wrap size={4}>
              {list.abilities?.addItem && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(list)}>
                  {t('responsibility.action.add')}
                </Button>
              )}
              {list.abilities?.sign && (
                <Button
                  size="small"
                  type="primary"
                  onClick={() =>
                    act(
                      () => responsibilityApi.sign({ params: { id: list.id }, body: {} }),
                      'responsibility.done.sign',
                    )
                  }
                >
                  {t('responsibility.action.sign')}
                </Button>
              )}
            </Space>
          }
        >
          {signatureLine(list, t)}
          <List
            size="small"
            dataSource={list.items}
            renderItem={(item) => <ItemLine item={item} onReport={onReport} />}
          />
        </Card>
      ))}
      <ModalForm
        open={adding !== null}
        title={t('responsibility.action.add')}
        okText={t('responsibility.action.add')}
        initialValues={{ ownerOrgId: orgId, weight: 5 }}
        fields={[
          { name: 'title', label: t('responsibility.field.title'), required: true, input: <Input /> },
          {
            name: 'ownerOrgId',
            label: t('responsibility.field.owner'),
            required: true,
            input: <OrgPicker />,
          },
          {
            name: 'ownerPerson',
            label: t('responsibility.field.ownerPerson'),
            required: true,
            input: <Input />,
          },
          {
            name: 'measure',
            label: t('responsibility.field.measure'),
            required: true,
            input: <Input.TextArea rows={2} />,
          },
          {
            name: 'deadline',
            label: t('responsibility.field.deadline'),
            required: true,
            input: <DatePicker />,
          },
          {
            name: 'weight',
            label: t('responsibility.field.weight'),
            required: true,
            input: <InputNumber min={0} max={100} />,
          },
          { name: 'passDown', label: t('responsibility.field.passDown'), input: <Switch /> },
        ]}
        onSubmit={async (v) => {
          if (!adding) return;
          await responsibilityApi.addItem({
            params: { id: adding.id },
            body: {
              title: String(v.title),
              ownerOrgId: Number(v.ownerOrgId),
              ownerPerson: String(v.ownerPerson),
              measure: String(v.measure),
              deadline: (v.deadline as Dayjs).format('YYYY-MM-DD'),
              weight: Number(v.weight),
              passDown: Boolean(v.passDown),
            },
          });
          message.success(t('responsibility.done.add'));
          load();
        }}
        onClose={() => setAdding(null)}
      />
    </Space>
  );
}

function SubtreeItems({
  orgId,
  year,
  onReport,
}: {
  orgId: number;
  year: number;
  onReport: (i: ItemDto) => void;
}) {
  const t = useT();
  const { params, setParams } = usePageOrg(useSession().me?.roles);
  const late = params.get('late') === 'true' ? 'true' : params.get('late') === 'false' ? 'false' : undefined;
  const status =
    params.get('status') === 'done' ? 'done' : params.get('status') === 'open' ? 'open' : undefined;
  const list = useList<
    ItemDto,
    { orgId: number; year: number; late?: 'true' | 'false'; status?: 'open' | 'done' }
  >(
    ({ filters, page, pageSize }, signal) =>
      responsibilityApi.items({ query: { ...filters, page, pageSize }, signal }),
    { filters: { orgId, year, late, status } },
  );
  return (
    <ListPage
      bare
      list={list}
      rowKey={(r) => r.id}
      scrollX={900}
      filters={
        <Checkbox
          checked={late === 'true'}
          onChange={(e) => {
            const next = new URLSearchParams(params);
            if (e.target.checked) next.set('late', 'true');
            else next.delete('late');
            setParams(next);
          }}
        >
          {t('responsibility.filter.late')}
        </Checkbox>
      }
      columns={[
        {
          title: t('responsibility.field.title'),
          render: (_, r) => (
            <Space wrap size={4}>
              {r.title}
              {r.late && <Tag color="red">{t('responsibility.late')}</Tag>}
            </Space>
          ),
        },
        { title: t('responsibility.field.listOrg'), dataIndex: 'orgName' },
        { title: t('responsibility.field.owner'), dataIndex: 'ownerOrgName' },
        { title: t('responsibility.field.deadline'), dataIndex: 'deadline' },
        {
          title: t('responsibility.field.status'),
          render: (_, r) => `${t(`responsibility.status.${r.status}`)} ${r.progress}%`,
        },
        {
          title: t('common.table.actions'),
          render: (_, r) =>
            r.abilities?.report ? (
              <Button size="small" onClick={() => onReport(r)}>
                {t('responsibility.action.report')}
              </Button>
            ) : null,
        },
      ]}
    />
  );
}

function ReportForm({ item, onClose }: { item: ItemDto | null; onClose: () => void }) {
  const t = useT();
  const message = useMessage();
  return (
    <ModalForm
      open={item !== null}
      title={`${t('responsibility.action.report')}：${item?.title ?? ''}`}
      okText={t('responsibility.action.report')}
      initialValues={{ progress: item?.progress ?? 0 }}
      fields={[
        {
          name: 'text',
          label: t('responsibility.field.text'),
          required: true,
          input: <Input.TextArea rows={3} />,
        },
        {
          name: 'progress',
          label: t('responsibility.field.progress'),
          required: true,
          input: <InputNumber min={0} max={100} addonAfter="%" />,
        },
        {
          name: 'figure',
          label: t('responsibility.field.figure'),
          input: <Input placeholder="参与党员（人）：35" />,
        },
        { name: 'done', label: t('responsibility.field.done'), input: <Switch /> },
      ]}
      onSubmit={async (v) => {
        if (!item) return;
        const [label, value] = String(v.figure ?? '').split(/[：:]/);
        const figures =
          label && value && Number.isFinite(Number(value))
            ? [{ label: label.trim(), value: Number(value) }]
            : [];
        await responsibilityApi.report({
          params: { id: item.id },
          body: { text: String(v.text), progress: Number(v.progress), done: Boolean(v.done), figures },
        });
        message.success(t('responsibility.done.report'));
        onClose();
      }}
      onClose={onClose}
    />
  );
}
