import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { rectificationApi } from './RectificationPage.tsx';

type Option = { value: number; label: string };

/** Inspectors for a campaign launched by `orgId`: the staff of it and below, searched by name (multiple). */
export function InspectorPicker({
  orgId,
  value,
  onChange,
  ariaLabel,
}: {
  orgId: number | undefined;
  value?: number[];
  onChange?: (ids: number[]) => void;
  ariaLabel?: string;
}) {
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<Option[]>([]);
  const [picked, setPicked] = useState<Option[]>([]);
  useEffect(() => {
    if (!orgId) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      rectificationApi
        .inspectors({ params: { id: orgId }, query: { q: q || undefined }, signal: controller.signal })
        .then(
          (r) => setOptions(r.data.map((u) => ({ value: u.id, label: `${u.displayName}（${u.orgName}）` }))),
          () => undefined,
        );
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [orgId, q]);
  // Keep the labels of chosen inspectors while the search shows others.
  const all = [...picked, ...options.filter((o) => !picked.some((p) => p.value === o.value))];
  return (
    <Select
      mode="multiple"
      aria-label={ariaLabel}
      showSearch
      filterOption={false}
      onSearch={setQ}
      value={value}
      options={all}
      onChange={(ids: number[]) => {
        setPicked(all.filter((o) => ids.includes(o.value)));
        onChange?.(ids);
      }}
    />
  );
}
