import { ApartmentOutlined } from '@ant-design/icons';
import { Alert, Empty, Input, List, Spin, Tag, Tree, Typography } from 'antd';
import type { DataNode, EventDataNode } from 'antd/es/tree';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { type OrgDto, orgsApi } from './api.ts';
import { onOrgsChanged } from './events.ts';

interface OrgNode extends DataNode {
  key: string;
  org: OrgDto;
  children?: OrgNode[];
}

const toNode = (org: OrgDto): OrgNode => ({
  key: String(org.id),
  title: org.name,
  isLeaf: org.childCount === 0,
  org,
});

function replaceChildren(nodes: OrgNode[], key: string, children: OrgNode[]): OrgNode[] {
  return nodes.map((node) => {
    if (node.key === key) return { ...node, children, isLeaf: children.length === 0 };
    if (node.children) return { ...node, children: replaceChildren(node.children, key, children) };
    return node;
  });
}

function findNode(nodes: OrgNode[], key: string): OrgNode | undefined {
  for (const node of nodes) {
    if (node.key === key) return node;
    const found = node.children && findNode(node.children, key);
    if (found) return found;
  }
  return undefined;
}

/**
 * The organization tree of the caller's scope (side panel of the layout): roots from
 * `GET /orgs`, children loaded when a node opens, search by name or code.
 */
export function OrgTree({ onNavigate }: { onNavigate?: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const [treeData, setTreeData] = useState<OrgNode[]>([]);
  const [expandedKeys, setExpandedKeys] = useState<string[]>([]);
  const [loadedKeys, setLoadedKeys] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<OrgDto[] | null>(null);
  const expandedRef = useRef<string[]>([]);
  expandedRef.current = expandedKeys;

  const selected = /^\/orgs\/(\d+)/.exec(location.pathname)?.[1];

  /** Roots, then every node that was open, so a reload keeps the user's place. */
  const reload = useCallback(async () => {
    try {
      const roots = await orgsApi.list({ query: { pageSize: 200 } });
      let nodes = roots.data.map(toNode);
      const loaded: string[] = [];
      for (const key of expandedRef.current) {
        if (!findNode(nodes, key)) continue;
        const children = await orgsApi.list({ query: { parentId: Number(key), pageSize: 200 } });
        nodes = replaceChildren(nodes, key, children.data.map(toNode));
        loaded.push(key);
      }
      setTreeData(nodes);
      setLoadedKeys(loaded);
      setExpandedKeys((keys) => keys.filter((k) => loaded.includes(k)));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    reload();
    return onOrgsChanged(() => {
      reload();
    });
  }, [reload]);

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setResults(null);
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      orgsApi
        .list({ query: { q, pageSize: 30 } })
        .then((res) => !cancelled && setResults(res.data))
        .catch((e) => !cancelled && setError(errorText(e)));
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query]);

  const loadData = async (node: EventDataNode<OrgNode>) => {
    if (node.children && node.children.length > 0) return;
    const children = await orgsApi.list({ query: { parentId: node.org.id, pageSize: 200 } });
    setTreeData((nodes) => replaceChildren(nodes, node.key, children.data.map(toNode)));
    setLoadedKeys((keys) => [...keys, node.key]);
  };

  const open = (id: number) => {
    navigate(`/orgs/${id}`);
    onNavigate?.();
  };

  return (
    <div className="jc-tree-panel" data-testid="org-tree">
      <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
        <ApartmentOutlined style={{ color: '#c8102e', marginInlineEnd: 6 }} />
        {t('orgs.tree.title')}
      </Typography.Text>
      <Input.Search
        allowClear
        placeholder={t('orgs.tree.search')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        style={{ marginBottom: 8 }}
        maxLength={50}
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      {results ? (
        <List
          size="small"
          header={<Typography.Text type="secondary">{t('orgs.tree.results')}</Typography.Text>}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.tree.noResult')} />,
          }}
          dataSource={results}
          renderItem={(org) => (
            <List.Item style={{ cursor: 'pointer', paddingInline: 4 }} onClick={() => open(org.id)}>
              <div style={{ minWidth: 0 }}>
                <div>{org.name}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {org.code} <Tag style={{ marginInlineStart: 4 }}>{t(`orgs.kind.${org.kind}`)}</Tag>
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
      ) : loading ? (
        <div className="jc-center">
          <Spin />
        </div>
      ) : (
        <Tree<OrgNode>
          blockNode
          showLine
          treeData={treeData}
          loadData={loadData}
          loadedKeys={loadedKeys}
          expandedKeys={expandedKeys}
          onExpand={(keys) => setExpandedKeys(keys.map(String))}
          selectedKeys={selected ? [selected] : []}
          onSelect={(_keys, info) => open(info.node.org.id)}
        />
      )}
    </div>
  );
}
