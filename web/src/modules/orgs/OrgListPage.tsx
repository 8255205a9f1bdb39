import { Alert, Checkbox, Form, Input, Select, Tag } from 'antd';
import { useEffect, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { FilterActions } from '../../shared/FilterActions.tsx';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { useList } from '../../shared/useList.ts';
import { ORG_KINDS, ORG_LEVELS, type OrgDto, type OrgKind, type OrgLevel, orgsApi } from './api.ts';
import { levelOrUnit } from './labels.ts';

interface Filters {
  /** The subtree of this organization (the cockpit's figures drill here with it). */
  orgId?: string;
  q?: string;
  kind?: OrgKind;
  level?: OrgLevel;
  includeClosed?: boolean;
}

const FILTER_KEYS = ['orgId', 'q', 'kind', 'level', 'includeClosed'] as const;

/**
 * `/orgs`: find organizations in the caller's scope. Without filters: the scope roots. The filters
 * live in the address, so a cockpit figure (`/orgs?orgId=…&kind=branch`) opens the list it counts.
 */
export default function OrgListPage() {
  const t = useT();
  const [form] = Form.useForm<Filters>();
  const [params, setParams] = useSearchParams();
  const filters = useMemo<Filters>(() => {
    const f: Record<string, unknown> = {};
    for (const k of FILTER_KEYS) {
      const v = params.get(k);
      if (v) f[k] = k === 'includeClosed' ? v === 'true' : v;
    }
    return f as Filters;
  }, [params]);
  useEffect(
    () => form.setFieldsValue({ q: undefined, kind: undefined, level: undefined, ...filters }),
    [filters, form],
  );
  const apply = (values: Filters) => {
    const next = new URLSearchParams();
    if (filters.orgId) next.set('orgId', filters.orgId);
    for (const [k, v] of Object.entries(values))
      if (v !== undefined && v !== null && v !== '' && v !== false) next.set(k, String(v));
    setParams(next);
  };
  const list = useList<OrgDto, Filters>(
    ({ filters: f, page, pageSize }, signal) =>
      orgsApi.list({
        query: {
          page,
          pageSize,
          orgId: f.orgId ? Number(f.orgId) : undefined,
          q: f.q?.trim() || undefined,
          kind: f.kind,
          level: f.level,
          includeClosed: f.includeClosed ? 'true' : undefined,
        },
        signal,
      }),
    { filters },
  );

  return (
    <ListPage<OrgDto, Filters>
      title={t('orgs.list.title')}
      intro={
        filters.orgId ? (
          <Alert
            type="info"
            showIcon
            message={t('orgs.list.withinOrg')}
            action={<Link to="/orgs">{t('orgs.list.allScope')}</Link>}
          />
        ) : (
          t('orgs.list.intro')
        )
      }
      filters={
        <Form form={form} layout="inline" onFinish={apply}>
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
              setParams(new URLSearchParams());
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
