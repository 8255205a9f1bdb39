import { Alert, Card, Form, Select, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, type Paged } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';

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

/** `/new-orgs`: the 两新 registry with the "must set up its own organization" flag. */
export default function NewOrgsPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const [rows, setRows] = useState<NewOrg[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<Paged<NewOrg>>('/new-orgs', { ...Object.fromEntries(params), page, pageSize: 20 }).then(
      (r) => {
        setRows(r.data);
        setTotal(r.page.total);
      },
      (e) => setError(errorText(e)),
    );
  }, [params, page]);
  const set = (k: string, v?: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setPage(1);
    setParams(next);
  };
  return (
    <Card title={t('new-orgs.title')}>
      {error && <Alert type="error" message={error} />}
      <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label="类别">
          <Select
            allowClear
            style={{ width: 140 }}
            value={params.get('kind') ?? undefined}
            onChange={(v) => set('kind', v)}
            options={[
              { value: 'enterprise', label: '非公有制企业' },
              { value: 'social_org', label: '社会组织' },
            ]}
          />
        </Form.Item>
        <Form.Item label="覆盖方式">
          <Select
            allowClear
            style={{ width: 120 }}
            value={params.get('coverage') ?? undefined}
            onChange={(v) => set('coverage', v)}
            options={[
              { value: 'own', label: '单独建' },
              { value: 'joint', label: '联合建' },
              { value: 'attached', label: '挂靠建' },
              { value: 'none', label: '未覆盖' },
            ]}
          />
        </Form.Item>
        <Form.Item label="应单独建未建">
          <Select
            allowClear
            style={{ width: 90 }}
            value={params.get('needsOwnOrg') ?? undefined}
            onChange={(v) => set('needsOwnOrg', v)}
            options={[{ value: 'true', label: '是' }]}
          />
        </Form.Item>
      </Form>
      <Table<NewOrg>
        rowKey="id"
        dataSource={rows}
        scroll={{ x: 800 }}
        pagination={{ current: page, total, pageSize: 20, onChange: setPage, showTotal: (n) => `共 ${n} 家` }}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '类别', dataIndex: 'kindLabel' },
          { title: '登记在', dataIndex: 'orgName' },
          { title: '党员/正式党员', render: (_, r) => `${r.memberCount} / ${r.fullMemberCount}` },
          {
            title: '覆盖',
            render: (_, r) => (
              <Space>
                {r.coverageLabel}
                {r.coveringOrgName && <span>（{r.coveringOrgName}）</span>}
                {r.needsOwnOrg && <Tag color="red">应单独建立党组织</Tag>}
              </Space>
            ),
          },
          { title: '党建指导员', dataIndex: 'instructorName', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Card>
  );
}
