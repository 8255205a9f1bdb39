/**
 * Pick an organization in the caller's scope. Without text it is a tree whose children load when
 * a node opens; typing searches the whole subtree on the server (`GET /orgs/search`), so
 * 「朝阳社区第一网格」 finds the branch without opening three levels, each hit shown with its path
 * (中山街道 / 朝阳社区 / 第一网格党支部). `excludeId` hides an organization's own subtree (an
 * organization cannot move under itself).
 */
import { TreeSelect } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { type OrgDto, orgsEndpoints } from '../../../server/src/modules/orgs/orgs.contract.ts';
import { createClient } from './client.ts';
import { useT } from './i18n.tsx';

interface Node {
  id: number;
  pId: number | null;
  value: number;
  title: string;
  isLeaf: boolean;
  disabled?: boolean;
}

const toNode = (org: OrgDto, excludeId?: number): Node => ({
  id: org.id,
  pId: org.parentId,
  value: org.id,
  title: org.name,
  isLeaf: org.childCount === 0 || org.id === excludeId,
  disabled: org.id === excludeId,
});

const orgs = createClient(orgsEndpoints);
const listOrgs = (query: { parentId?: number }) => orgs.list({ query: { pageSize: 200, ...query } });

export function OrgPicker({
  value,
  onChange,
  excludeId,
  placeholder,
  allowClear,
  id,
  ariaLabel,
}: {
  value?: number;
  onChange?: (value: number | undefined) => void;
  excludeId?: number;
  placeholder?: string;
  allowClear?: boolean;
  id?: string;
  /** The accessible name where no visible label points at the control (`Form.Item` labels do). */
  ariaLabel?: string;
}) {
  const t = useT();
  const [tree, setTree] = useState<Node[]>([]);
  const [hits, setHits] = useState<Node[] | null>(null);
  const [search, setSearch] = useState('');
  const [isSearching, setSearching] = useState(false);
  const latest = useRef(0);

  useEffect(() => {
    let cancelled = false;
    listOrgs({})
      .then((res) => !cancelled && setTree(res.data.map((o) => ({ ...toNode(o, excludeId), pId: null }))))
      .catch(() => !cancelled && setTree([]));
    return () => {
      cancelled = true;
    };
  }, [excludeId]);

  // One request per typed text; an older answer arriving late is dropped.
  useEffect(() => {
    const text = search.trim();
    const requestId = ++latest.current;
    if (!text) {
      setHits(null);
      setSearching(false);
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      setSearching(true);
      orgs.search({ query: { q: text, limit: 30 }, signal: controller.signal }).then(
        (res) => {
          if (requestId !== latest.current) return;
          setHits(
            res.data
              .filter((h) => h.id !== excludeId)
              .map((h) => ({ id: h.id, pId: null, value: h.id, title: h.pathLabel, isLeaf: true })),
          );
          setSearching(false);
        },
        () => {
          if (requestId !== latest.current) return;
          setHits([]);
          setSearching(false);
        },
      );
    }, 250);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [search, excludeId]);

  const loadData = async (node: { value?: unknown }) => {
    const parentId = typeof node.value === 'number' ? node.value : undefined;
    if (parentId === undefined || tree.some((n) => n.pId === parentId)) return;
    const children = await listOrgs({ parentId });
    setTree((current) => [
      ...current,
      ...children.data.filter((c) => !current.some((n) => n.id === c.id)).map((c) => toNode(c, excludeId)),
    ]);
  };

  const onSelect = (next: number | undefined) => {
    // A hit chosen from the search joins the tree so its name shows once the text is cleared.
    const hit = hits?.find((h) => h.value === next);
    if (hit && !tree.some((n) => n.id === hit.id)) {
      setTree((current) => [
        ...current,
        { ...hit, pId: null, title: hit.title.split(' / ').at(-1) ?? hit.title },
      ]);
    }
    setSearch('');
    onChange?.(next ?? undefined);
  };

  return (
    <TreeSelect
      id={id}
      // A picker without a form item's label (which points at `id`) is named 「组织」.
      aria-label={ariaLabel ?? (id ? undefined : t('common.org.label'))}
      value={value}
      onChange={onSelect}
      treeDataSimpleMode={{ id: 'id', pId: 'pId' }}
      treeData={hits ?? tree}
      loadData={hits ? undefined : loadData}
      placeholder={placeholder ?? t('common.org.pick')}
      allowClear={allowClear}
      showSearch
      searchValue={search}
      onSearch={setSearch}
      filterTreeNode={false}
      notFoundContent={isSearching ? t('common.state.loading') : t('common.org.notFound')}
      style={{ width: '100%', minWidth: 200 }}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 420, overflow: 'auto', minWidth: 280, maxWidth: '94vw' } } }}
    />
  );
}
