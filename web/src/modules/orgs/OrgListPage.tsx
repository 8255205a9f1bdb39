import { Checkbox, Form, Input, Select, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { FilterActions } from '../../shared/FilterActions.tsx';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { useList } from '../../shared/useList.ts';
import { ORG_KINDS, ORG_LEVELS, type OrgDto, type OrgKind, type OrgLevel, orgsApi } from './api.ts';
import { levelOrUnit } from './labels.ts';

interface Filters {
  q?: string;
  kind?: OrgKind;
  level?: OrgLevel;
  includeClosed?: boolean;
}

/** `/orgs`: find organizations in the caller's scope. Without filters: the scope roots. */
export default function OrgListPage() {
  const t = useT();
  const [form] = Form.useForm<Filters>();
  const list = useList<OrgDto, Filters>(({ filters, page, pageSize }, signal) =>
    orgsApi.list({
      query: {
        page,
        pageSize,
        q: filters.q?.trim() || undefined,
        kind: filters.kind,
        level: filters.level,
        includeClosed: filters.includeClosed ? 'true' : undefined,
      },
      signal,
    }),
  );

  return (
    <ListPage<OrgDto, Filters>
      title={t('orgs.list.title')}
      intro={t('orgs.list.intro')}
      filters={
        <Form form={form} layout="inline" onFinish={(values) => list.setFilters(values)}>
          <Form.Item name="q">
            <Input allowClear placeholder={t('orgs.tree.search')} maxLength={50} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="kind">
            <Select
              allowClear
              placeholder={t('orgs.list.kindAll')}
              style={{ width: 160 }}
              options={ORG_KINDS.map((k) => ({ value: k, label: t(`orgs.kind.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="level">
            <Select
              allowClear
              placeholder={t('orgs.list.levelAll')}
              style={{ width: 140 }}
              options={ORG_LEVELS.map((k) => ({ value: k, label: t(`orgs.level.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="includeClosed" valuePropName="checked">
            <Checkbox>{t('orgs.list.includeClosed')}</Checkbox>
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
      scrollX={760}
      columns={[
        {
          title: t('orgs.field.name'),
          dataIndex: 'name',
          render: (name: string, row) => <Link to={`/orgs/${row.id}`}>{name}</Link>,
        },
        { title: t('orgs.field.code'), dataIndex: 'code', width: 170 },
        {
          title: t('orgs.field.kind'),
          dataIndex: 'kind',
          width: 140,
          render: (k: string) => t(`orgs.kind.${k}`),
        },
        {
          title: t('orgs.field.levelOrUnit'),
          key: 'lu',
          width: 140,
          render: (_v, row) => levelOrUnit(t, row),
        },
        { title: t('orgs.field.childCount'), dataIndex: 'childCount', width: 110, align: 'right' },
        {
          title: t('orgs.field.status'),
          dataIndex: 'status',
          width: 100,
          render: (s: string) => (
            <Tag color={s === 'active' ? 'green' : 'default'}>{t(`orgs.status.${s}`)}</Tag>
          ),
        },
      ]}
    />
  );
}
