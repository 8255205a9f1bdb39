import { Card, Checkbox, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { PageInfo } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { FilterActions } from '../../shared/FilterActions.tsx';
import { useT } from '../../shared/i18n.tsx';
import { ORG_KINDS, ORG_LEVELS, type OrgDto, orgsApi } from './api.ts';
import { levelOrUnit } from './labels.ts';

interface Filters {
  q?: string;
  kind?: string;
  level?: string;
  includeClosed?: boolean;
}

/** `/orgs`: find organizations in the caller's scope. Without filters: the scope roots. */
export default function OrgListPage() {
  const t = useT();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [rows, setRows] = useState<OrgDto[]>([]);
  const [info, setInfo] = useState<PageInfo | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const res = await orgsApi.search({
        ...page,
        q: filters.q?.trim() || undefined,
        kind: filters.kind,
        level: filters.level,
        includeClosed: filters.includeClosed ? 'true' : undefined,
      });
      setRows(res.data);
      setInfo(res.page);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  }, [filters, page]);

  useEffect(() => {
    load();
  }, [load]);

  return (
    <Card>
      <div className="jc-page-header">
        <div>
          <Typography.Title level={3}>{t('orgs.list.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('orgs.list.intro')}</Typography.Text>
        </div>
      </div>
      <Form
        form={form}
        layout="inline"
        className="jc-filters"
        onFinish={(values) => {
          setFilters(values);
          setPage((p) => ({ ...p, page: 1 }));
        }}
      >
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
            setFilters({});
            setPage((p) => ({ ...p, page: 1 }));
          }}
        />
      </Form>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <Table<OrgDto>
        rowKey="id"
        loading={loading}
        dataSource={rows}
        scroll={{ x: 760 }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: info?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.table.total', { total }),
          onChange: (p, size) => setPage({ page: p, pageSize: size }),
        }}
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
    </Card>
  );
}
