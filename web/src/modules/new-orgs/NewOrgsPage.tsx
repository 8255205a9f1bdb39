import { Form, Select, Space, Tag } from 'antd';
import { useSearchParams } from 'react-router-dom';
import type { z } from 'zod';
import {
  listNewOrgsQuery,
  type NewOrg,
  newOrgsEndpoints,
} from '../../../../server/src/modules/new-orgs/new-orgs.contract.ts';
import { createClient } from '../../shared/client.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { useList } from '../../shared/useList.ts';

const newOrgsApi = createClient(newOrgsEndpoints);

const filtersSchema = listNewOrgsQuery.pick({
  orgId: true,
  kind: true,
  coverage: true,
  needsOwnOrg: true,
  q: true,
});
type Filters = z.output<typeof filtersSchema>;

/** Filters from the address (a cockpit figure links here with them); anything invalid is dropped. */
function filtersFrom(params: URLSearchParams): Filters {
  const parsed = filtersSchema.safeParse(Object.fromEntries(params));
  return parsed.success ? parsed.data : {};
}

/** `/new-orgs`: the 两新 registry with the "must set up its own organization" flag. */
export default function NewOrgsPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const list = useList<NewOrg, Filters>(
    ({ filters, page, pageSize }, signal) =>
      newOrgsApi.list({ query: { ...filters, page, pageSize }, signal }),
    { initialFilters: filtersFrom(params) },
  );
  const set = (k: keyof Filters, v?: string) => {
    const next = new URLSearchParams(
      Object.entries({ ...list.filters, [k]: v })
        .filter(([, value]) => value !== undefined && value !== '')
        .map(([key, value]) => [key, String(value)]),
    );
    list.setFilters(filtersFrom(next));
    setParams(next);
  };
  const select = (
    key: 'kind' | 'coverage' | 'needsOwnOrg',
    label: string,
    width: number,
    options: { value: string; label: string }[],
  ) => (
    <Form.Item label={label}>
      <Select
        allowClear
        style={{ width }}
        value={list.filters[key]}
        onChange={(v?: string) => set(key, v)}
        options={options}
      />
    </Form.Item>
  );
  return (
    <ListPage<NewOrg, Filters>
      title={t('new-orgs.title')}
      list={list}
      rowKey={(r) => r.id}
      scrollX={800}
      totalText={(total) => t('new-orgs.total', { total })}
      filters={
        <Form layout="inline">
          {select(
            'kind',
            t('new-orgs.kind'),
            140,
            (['enterprise', 'social_org'] as const).map((v) => ({
              value: v,
              label: t(`new-orgs.kind.${v}`),
            })),
          )}
          {select(
            'coverage',
            t('new-orgs.coverage'),
            120,
            (['own', 'joint', 'attached', 'none'] as const).map((v) => ({
              value: v,
              label: t(`new-orgs.coverage.${v}`),
            })),
          )}
          {select('needsOwnOrg', t('new-orgs.needsOwnOrg'), 90, [
            { value: 'true', label: t('new-orgs.yes') },
          ])}
        </Form>
      }
      columns={[
        { title: t('new-orgs.name'), dataIndex: 'name' },
        { title: t('new-orgs.kind'), dataIndex: 'kindLabel' },
        { title: t('new-orgs.registeredAt'), dataIndex: 'orgName' },
        {
          title: t('new-orgs.members'),
          key: 'members',
          render: (_, r) => `${r.memberCount} / ${r.fullMemberCount}`,
        },
        {
          title: t('new-orgs.covered'),
          key: 'coverage',
          render: (_, r) => (
            <Space wrap size={4}>
              {r.coverageLabel}
              {r.coveringOrgName && <span>（{r.coveringOrgName}）</span>}
              {r.needsOwnOrg && <Tag color="red">{t('new-orgs.needsOwnOrgTag')}</Tag>}
            </Space>
          ),
        },
        {
          title: t('new-orgs.instructor'),
          dataIndex: 'instructorName',
          render: (v: string | null) => v ?? '—',
        },
      ]}
    />
  );
}
