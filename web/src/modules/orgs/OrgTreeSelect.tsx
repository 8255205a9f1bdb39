import { TreeSelect } from 'antd';
import { useEffect, useState } from 'react';
import { type OrgDto, orgsApi } from './api.ts';

interface SimpleNode {
  id: number;
  pId: number | null;
  value: number;
  title: string;
  isLeaf: boolean;
  disabled?: boolean;
}

const toSimple = (org: OrgDto, excludeId?: number): SimpleNode => ({
  id: org.id,
  pId: org.parentId,
  value: org.id,
  title: org.name,
  // The excluded organization cannot be chosen and its subtree is not offered.
  isLeaf: org.childCount === 0 || org.id === excludeId,
  disabled: org.id === excludeId,
});

/**
 * Pick an organization in the caller's scope; children load when a node opens. `excludeId` hides
 * an organization's own subtree (moving an organization under itself is impossible).
 */
export function OrgTreeSelect({
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
  const [nodes, setNodes] = useState<SimpleNode[]>([]);
  useEffect(() => {
    let cancelled = false;
    orgsApi
      .roots()
      .then((res) => !cancelled && setNodes(res.data.map((o) => ({ ...toSimple(o, excludeId), pId: null }))))
      .catch(() => !cancelled && setNodes([]));
    return () => {
      cancelled = true;
    };
  }, [excludeId]);

  const loadData = async (node: { value?: unknown }) => {
    const parentId = typeof node.value === 'number' ? node.value : undefined;
    if (parentId === undefined || nodes.some((n) => n.pId === parentId)) return;
    const children = await orgsApi.children(parentId);
    setNodes((current) => [
      ...current,
      ...children.data.filter((c) => !current.some((n) => n.id === c.id)).map((c) => toSimple(c, excludeId)),
    ]);
  };

  return (
    <TreeSelect
      id={id}
      aria-label={ariaLabel}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeDataSimpleMode={{ id: 'id', pId: 'pId' }}
      treeData={nodes}
      loadData={loadData}
      placeholder={placeholder}
      allowClear={allowClear}
      showSearch
      treeNodeFilterProp="title"
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 420, overflow: 'auto', minWidth: 280 } } }}
    />
  );
}
