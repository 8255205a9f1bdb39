import { Button, Input, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  type GapListDto,
  gapEndpoints,
} from '../../../../server/src/modules/rectification/rectification.gaps.contract.ts';
import { useSession } from '../../app/session.tsx';
import { createClient } from '../../shared/client.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { ModalForm } from '../../shared/ModalForm.tsx';
import { useMessage } from '../../shared/message.ts';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { useList } from '../../shared/useList.ts';
import { usePageOrg } from '../../shared/usePageOrg.ts';

const gapApi = createClient(gapEndpoints);
type Filters = { orgId?: number; year: number; kind?: GapListDto['kind'] };

/** Items as lines: 「事项 | 责任人」, a trailing 「*」 marks a hard problem. */
function itemsOf(text: string) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const hard = l.endsWith('*');
      const [title, owner] = l.replace(/\*$/, '').split(/[|｜]/);
      return {
        title: (title ?? '').trim(),
        ownerPerson: (owner ?? '').trim() || '党组织书记',
        requiredEvidence: '整改落实的佐证材料',
        hard,
      };
    });
}

/** `/gap-lists` (差距清单、赶超任务书): per organization, items tracked as rectification items. */
export default function GapListsPage() {
  const t = useT();
  const message = useMessage();
  const { me, can } = useSession();
  const { orgId, setOrgId } = usePageOrg(me?.roles);
  const year = new Date().getFullYear();
  const [kind, setKind] = useState<GapListDto['kind'] | undefined>();
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'add'; list: GapListDto } | null>(null);
  const list = useList<GapListDto, Filters>(
    ({ filters: f }, signal) =>
      f.orgId
        ? gapApi.lists({ query: { orgId: f.orgId, year: f.year, kind: f.kind }, signal })
        : Promise.resolve({ data: [] }),
    { filters: { orgId, year, kind } },
  );
  const drill = (l: GapListDto, extra = '') =>
    `/rectification?orgId=${l.orgId}&sourceKind=${l.kind}&sourceId=${l.id}${extra}`;
  return (
    <ListPage<GapListDto, Filters>
      title={t('rectification.gaps.title')}
      intro={t('rectification.gaps.intro')}
      list={list}
      rowKey={(l) => l.id}
      testId="gap-lists"
      emptyText={t('rectification.gaps.empty')}
      actions={
        can('rectification.launch') ? (
          <Button type="primary" onClick={() => setDialog({ kind: 'create' })}>
            {t('rectification.gaps.create')}
          </Button>
        ) : undefined
      }
      filters={
        <Space wrap>
          <OrgPicker value={orgId} onChange={(id) => setOrgId(id)} ariaLabel={t('rectification.field.org')} />
          <Select
            aria-label={t('rectification.gaps.kind')}
            allowClear
            placeholder={t('rectification.gaps.kind')}
            style={{ width: 150 }}
            value={kind}
            onChange={setKind}
            options={(['gap_list', 'task_book'] as const).map((k) => ({
              value: k,
              label: t(`rectification.source.${k}`),
            }))}
          />
        </Space>
      }
      columns={[
        { title: t('rectification.field.org'), dataIndex: 'orgName' },
        {
          title: t('rectification.gaps.name'),
          dataIndex: 'title',
          render: (title: string, l: GapListDto) => (
            <Space wrap size={4}>
              <Tag>{t(`rectification.source.${l.kind}`)}</Tag>
              <span>{title}</span>
            </Space>
          ),
        },
        {
          title: t('rectification.gaps.items'),
          key: 'items',
          render: (_: unknown, l: GapListDto) => (
            <Space wrap size={4}>
              <Link to={drill(l)}>
                {t('rectification.gaps.itemsLine', { items: l.items, rectified: l.rectified })}
              </Link>
              {l.overdue > 0 && (
                <Link to={drill(l, '&status=overdue')}>
                  <Tag color="red">{t('rectification.overdueCount', { n: l.overdue })}</Tag>
                </Link>
              )}
            </Space>
          ),
        },
        {
          title: t('rectification.gaps.hard'),
          key: 'hard',
          render: (_: unknown, l: GapListDto) => (
            <Link to={drill(l, '&hard=true')}>
              {t('rectification.gaps.hardLine', { hard: l.hard, hardSolved: l.hardSolved })}
            </Link>
          ),
        },
        {
          title: t('common.table.actions'),
          key: 'actions',
          render: (_: unknown, l: GapListDto) =>
            l.abilities?.addItem ? (
              <Button size="small" onClick={() => setDialog({ kind: 'add', list: l })}>
                {t('rectification.gaps.addItem')}
              </Button>
            ) : null,
        },
      ]}
    >
      <ModalForm
        open={dialog !== null}
        title={
          dialog?.kind === 'add'
            ? `${t('rectification.gaps.addItem')}：${dialog.list.title}`
            : t('rectification.gaps.create')
        }
        okText={t('common.action.save')}
        initialValues={{ kind: 'gap_list', hard: false }}
        fields={
          dialog?.kind === 'add'
            ? [
                { name: 'title', label: t('rectification.field.title'), required: true, input: <Input /> },
                {
                  name: 'ownerPerson',
                  label: t('rectification.field.owner'),
                  required: true,
                  input: <Input />,
                },
                {
                  name: 'hard',
                  label: t('rectification.gaps.hard'),
                  input: (
                    <Select
                      options={[
                        { value: false, label: t('rectification.gaps.notHard') },
                        { value: true, label: t('rectification.gaps.isHard') },
                      ]}
                    />
                  ),
                },
              ]
            : [
                {
                  name: 'kind',
                  label: t('rectification.gaps.kind'),
                  required: true,
                  input: (
                    <Select
                      options={(['gap_list', 'task_book'] as const).map((k) => ({
                        value: k,
                        label: t(`rectification.source.${k}`),
                      }))}
                    />
                  ),
                },
                { name: 'title', label: t('rectification.gaps.name'), required: true, input: <Input /> },
                { name: 'benchmark', label: t('rectification.gaps.benchmark'), input: <Input /> },
                {
                  name: 'items',
                  label: t('rectification.gaps.itemLines'),
                  required: true,
                  input: <Input.TextArea rows={4} />,
                },
              ]
        }
        onSubmit={async (v) => {
          if (dialog?.kind === 'add') {
            await gapApi.addItem({
              params: { id: dialog.list.id },
              body: {
                title: String(v.title),
                ownerPerson: String(v.ownerPerson),
                requiredEvidence: '整改落实的佐证材料',
                hard: Boolean(v.hard),
              },
            });
          } else if (orgId) {
            await gapApi.create({
              params: { id: orgId },
              body: {
                year,
                kind: v.kind as GapListDto['kind'],
                title: String(v.title),
                ...(v.benchmark ? { benchmark: String(v.benchmark) } : {}),
                items: itemsOf(String(v.items)),
              },
            });
          }
          message.success(t('rectification.gaps.saved'));
          list.reload();
        }}
        onClose={() => setDialog(null)}
      />
    </ListPage>
  );
}
