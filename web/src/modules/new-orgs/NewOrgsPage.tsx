import { Form, Select, Space, Tag } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { api, type Paged } from '../../shared/api.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { useList } from '../../shared/useList.ts';

interface NewOrg {
  id: number;
  name: string;
  code: string;
  orgName: string;
  kindLabel: string;
  memberCount: number;
  fullMemberCount: number;
  coverageLabel: string;
  coveringOrgName: string | null;
  instructorName: string | null;
  needsOwnOrg: boolean;
}

type Filters = Record<string, string>;

/** `/new-orgs`: the 两新 registry with the "must set up its own organization" flag. */
export default function NewOrgsPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const list = useList<NewOrg, Filters>(
    ({ filters, page, pageSize }, signal) =>
      api.get<Paged<NewOrg>>('/new-orgs', { ...filters, page, pageSize }, { signal }),
    { initialFilters: Object.fromEntries(params) },
  );
  const set = (k: string, v?: string) => {
    const next = { ...list.filters };
    if (v) next[k] = v;
    else delete next[k];
    list.setFilters(next);
    setParams(new URLSearchParams(next));
  };
  const select = (key: string, label: string, width: number, options: { value: string; label: string }[]) => (
    <Form.Item label={label}>
      <Select
        allowClear
        style={{ width }}
        value={list.filters[key]}
        onChange={(v) => set(key, v)}
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
