import { Button, Input, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  gapEndpoints,
  type HighlightDto,
} from '../../../../server/src/modules/rectification/rectification.gaps.contract.ts';
import { useSession } from '../../app/session.tsx';
import { createClient } from '../../shared/client.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { ModalForm } from '../../shared/ModalForm.tsx';
import { useMessage } from '../../shared/message.ts';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { useList } from '../../shared/useList.ts';
import { usePageOrg } from '../../shared/usePageOrg.ts';

const highlightApi = createClient(gapEndpoints);
type Category = HighlightDto['category'];
type Filters = { orgId?: number; year: number; category?: Category; cases?: 'true' };
const CATEGORIES: Category[] = ['project', 'work', 'person'];
const STATUS_COLORS: Record<HighlightDto['status'], string> = {
  nominated: 'blue',
  selected: 'gold',
  rejected: 'default',
  published: 'green',
};
type Dialog = { kind: 'nominate' } | { kind: 'reject' | 'case'; row: HighlightDto } | null;

/** `/highlights` (十大亮点评选): nominations from below, the district's review and publication, typical cases. */
export default function HighlightsPage() {
  const t = useT();
  const message = useMessage();
  const { me, can } = useSession();
  const { orgId, setOrgId } = usePageOrg(me?.roles);
  const year = new Date().getFullYear();
  const [category, setCategory] = useState<Category | undefined>();
  const [casesOnly, setCasesOnly] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const list = useList<HighlightDto, Filters>(
    ({ filters: f }, signal) =>
      f.orgId
        ? highlightApi.highlights({ query: { ...f, orgId: f.orgId }, signal })
        : Promise.resolve({ data: [] }),
    { filters: { orgId, year, category, ...(casesOnly ? { cases: 'true' as const } : {}) } },
  );
  const replace = (r: HighlightDto) => list.updateRows((rows) => rows.map((x) => (x.id === r.id ? r : x)));
  const act = (call: Promise<{ data: HighlightDto }>) =>
    call.then(
      (r) => {
        replace(r.data);
        message.success(t('rectification.highlights.done'));
      },
      (e) => message.error(errorText(e)),
    );
  return (
    <ListPage<HighlightDto, Filters>
      title={t('rectification.highlights.title')}
      intro={t('rectification.highlights.intro')}
      list={list}
      rowKey={(r) => r.id}
      testId="highlights"
      emptyText={t('rectification.highlights.empty')}
      actions={
        can('rectification.rectify') ? (
          <Button type="primary" onClick={() => setDialog({ kind: 'nominate' })}>
            {t('rectification.highlights.nominate')}
          </Button>
        ) : undefined
      }
      filters={
        <Space wrap>
          <OrgPicker value={orgId} onChange={(id) => setOrgId(id)} ariaLabel={t('rectification.field.org')} />
          <Select
            aria-label={t('rectification.highlights.category')}
            allowClear
            placeholder={t('rectification.highlights.category')}
            style={{ width: 150 }}
            value={category}
            onChange={setCategory}
            options={CATEGORIES.map((c) => ({ value: c, label: t(`rectification.highlights.cat.${c}`) }))}
          />
          <Select
            aria-label={t('rectification.highlights.view')}
            style={{ width: 150 }}
            value={casesOnly}
            onChange={setCasesOnly}
            options={[
              { value: false, label: t('rectification.highlights.all') },
              { value: true, label: t('rectification.highlights.cases') },
            ]}
          />
        </Space>
      }
      columns={[
        { title: t('rectification.highlights.name'), dataIndex: 'title' },
        {
          title: t('rectification.highlights.category'),
          dataIndex: 'category',
          render: (c: Category, r: HighlightDto) =>
            `${t(`rectification.highlights.cat.${c}`)}${r.personName ? `：${r.personName}` : ''}`,
        },
        { title: t('rectification.field.org'), dataIndex: 'orgName' },
        {
          title: t('rectification.field.status'),
          dataIndex: 'status',
          render: (s: HighlightDto['status'], r: HighlightDto) => (
            <Space wrap size={4}>
              <Tag color={STATUS_COLORS[s]}>{t(`rectification.highlights.status.${s}`)}</Tag>
              {r.isCase && <Tag color="purple">{t('rectification.highlights.case')}</Tag>}
            </Space>
          ),
        },
        {
          title: t('rectification.highlights.summary'),
          key: 'summary',
          render: (_: unknown, r: HighlightDto) => (
            <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2, expandable: true }}>
              {r.practice ?? r.summary}
            </Typography.Paragraph>
          ),
        },
        {
          title: t('common.table.actions'),
          key: 'actions',
          render: (_: unknown, r: HighlightDto) => (
            <Space wrap size={4}>
              {r.abilities?.select && (
                <Button
                  size="small"
                  type="primary"
                  onClick={() => act(highlightApi.select({ params: { id: r.id }, body: {} }))}
                >
                  {t('rectification.highlights.select')}
                </Button>
              )}
              {r.abilities?.publish && (
                <Button
                  size="small"
                  type="primary"
                  onClick={() => act(highlightApi.publish({ params: { id: r.id }, body: {} }))}
                >
                  {t('rectification.highlights.publish')}
                </Button>
              )}
              {r.abilities?.reject && (
                <Button size="small" onClick={() => setDialog({ kind: 'reject', row: r })}>
                  {t('rectification.highlights.reject')}
                </Button>
              )}
              {r.abilities?.keepAsCase && (
                <Button size="small" onClick={() => setDialog({ kind: 'case', row: r })}>
                  {t('rectification.highlights.keepAsCase')}
                </Button>
              )}
            </Space>
          ),
        },
      ]}
    >
      <ModalForm
        open={dialog !== null}
        title={
          dialog?.kind === 'nominate'
            ? t('rectification.highlights.nominate')
            : dialog
              ? `${t(`rectification.highlights.${dialog.kind === 'case' ? 'keepAsCase' : 'reject'}`)}：${dialog.row.title}`
              : ''
        }
        okText={t('common.action.save')}
        initialValues={{ category: 'project' }}
        fields={
          dialog?.kind === 'nominate'
            ? [
                {
                  name: 'category',
                  label: t('rectification.highlights.category'),
                  required: true,
                  input: (
                    <Select
                      options={CATEGORIES.map((c) => ({
                        value: c,
                        label: t(`rectification.highlights.cat.${c}`),
                      }))}
                    />
                  ),
                },
                {
                  name: 'title',
                  label: t('rectification.highlights.name'),
                  required: true,
                  input: <Input />,
                },
                { name: 'personName', label: t('rectification.highlights.person'), input: <Input /> },
                {
                  name: 'summary',
                  label: t('rectification.highlights.summary'),
                  required: true,
                  input: <Input.TextArea rows={4} />,
                },
              ]
            : [
                {
                  name: 'text',
                  label: t(
                    dialog?.kind === 'case'
                      ? 'rectification.highlights.practice'
                      : 'rectification.highlights.comment',
                  ),
                  required: true,
                  input: <Input.TextArea rows={4} />,
                },
              ]
        }
        onSubmit={async (v) => {
          if (dialog?.kind === 'nominate') {
            if (!orgId) return;
            await highlightApi.nominate({
              params: { id: orgId },
              body: {
                year,
                category: v.category as Category,
                title: String(v.title),
                ...(v.personName ? { personName: String(v.personName) } : {}),
                summary: String(v.summary),
              },
            });
            list.reload();
          } else if (dialog?.kind === 'reject') {
            replace(
              (
                await highlightApi.reject({
                  params: { id: dialog.row.id },
                  body: { comment: String(v.text) },
                })
              ).data,
            );
          } else if (dialog?.kind === 'case') {
            replace(
              (
                await highlightApi.keepAsCase({
                  params: { id: dialog.row.id },
                  body: { practice: String(v.text) },
                })
              ).data,
            );
          }
          message.success(t('rectification.highlights.done'));
        }}
        onClose={() => setDialog(null)}
      />
    </ListPage>
  );
}
