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
      totalText={(n) => `共 ${n} 家`}
      filters={
        <Form layout="inline">
          {select('kind', '类别', 140, [
            { value: 'enterprise', label: '非公有制企业' },
            { value: 'social_org', label: '社会组织' },
          ])}
          {select('coverage', '覆盖方式', 120, [
            { value: 'own', label: '单独建' },
            { value: 'joint', label: '联合建' },
            { value: 'attached', label: '挂靠建' },
            { value: 'none', label: '未覆盖' },
          ])}
          {select('needsOwnOrg', '应单独建未建', 90, [{ value: 'true', label: '是' }])}
        </Form>
      }
      columns={[
        { title: '名称', dataIndex: 'name' },
        { title: '类别', dataIndex: 'kindLabel' },
        { title: '登记在', dataIndex: 'orgName' },
        { title: '党员/正式党员', render: (_, r) => `${r.memberCount} / ${r.fullMemberCount}` },
        {
          title: '覆盖',
          render: (_, r) => (
            <Space wrap size={4}>
              {r.coverageLabel}
              {r.coveringOrgName && <span>（{r.coveringOrgName}）</span>}
              {r.needsOwnOrg && <Tag color="red">应单独建立党组织</Tag>}
            </Space>
          ),
        },
        { title: '党建指导员', dataIndex: 'instructorName', render: (v: string | null) => v ?? '—' },
      ]}
    />
  );
}
