import { Alert, Button, DatePicker, Descriptions, Input, InputNumber, Modal, Select, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { orgsEndpoints } from '../../../../server/src/modules/orgs/orgs.contract.ts';
import {
  type StopDto,
  type VisitDto,
  visitEndpoints,
} from '../../../../server/src/modules/rectification/rectification.visits.contract.ts';
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
import { followUpsOf } from './followUps.ts';

const visitApi = createClient(visitEndpoints);
const orgApi = createClient(orgsEndpoints);
const DEFAULT_SHEET = '阵地建设 25\n组织生活 25\n服务群众 25\n特色亮点 25';

/** The places of a route, picked by searching the caller's subtree (the path shown). */
function PlacesSelect({ value, onChange }: { value?: number[]; onChange?: (v: number[]) => void }) {
  const t = useT();
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [known, setKnown] = useState<Map<number, string>>(new Map());
  const search = (q: string) => {
    if (!q.trim()) return;
    orgApi.search({ query: { q: q.trim(), limit: 30 } }).then(
      (r) => {
        const found = r.data.map((o) => ({ value: o.id, label: o.pathLabel }));
        setOptions(found);
        setKnown((m) => new Map([...m, ...found.map((o) => [o.value, o.label] as const)]));
      },
      () => setOptions([]),
    );
  };
  const selected = (value ?? []).map((id) => ({ value: id, label: known.get(id) ?? String(id) }));
  return (
    <Select
      mode="multiple"
      showSearch
      filterOption={false}
      onSearch={search}
      placeholder={t('rectification.visits.searchPlaces')}
      value={value}
      onChange={onChange}
      options={[...selected, ...options.filter((o) => !value?.includes(o.value))]}
    />
  );
}

/** `/site-visits` (现场观摩): half-yearly visits along a route of places, scored and commented on the spot. */
export default function SiteVisitsPage() {
  const t = useT();
  const message = useMessage();
  const { me, can } = useSession();
  const { orgId, setOrgId } = usePageOrg(me?.roles);
  const year = new Date().getFullYear();
  const [isPlanning, setPlanning] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const list = useList<VisitDto, { orgId?: number }>(
    ({ filters: f }, signal) =>
      f.orgId ? visitApi.list({ query: { orgId: f.orgId, year }, signal }) : Promise.resolve({ data: [] }),
    { filters: { orgId } },
  );
  const open = list.rows.find((v) => v.id === openId) ?? null;
  const replace = (v: VisitDto) => list.updateRows((rows) => rows.map((x) => (x.id === v.id ? v : x)));
  return (
    <ListPage<VisitDto, { orgId?: number }>
      title={t('rectification.visits.title')}
      intro={t('rectification.visits.intro')}
      list={list}
      rowKey={(v) => v.id}
      onRowClick={(v) => setOpenId(v.id)}
      testId="site-visits"
      emptyText={t('rectification.visits.empty')}
      actions={
        can('rectification.launch') ? (
          <Button type="primary" onClick={() => setPlanning(true)}>
            {t('rectification.visits.plan')}
          </Button>
        ) : undefined
      }
      filters={
        <OrgPicker value={orgId} onChange={(id) => setOrgId(id)} ariaLabel={t('rectification.field.org')} />
      }
      columns={[
        { title: t('rectification.visits.theme'), dataIndex: 'title' },
        {
          title: t('rectification.visits.date'),
          dataIndex: 'visitOn',
          render: (d: string, v: VisitDto) => `${d}（${t(`rectification.visits.half${v.half}`)}）`,
        },
        {
          title: t('rectification.visits.stops'),
          key: 'stops',
          render: (_: unknown, v: VisitDto) =>
            t('rectification.visits.stopsLine', {
              n: v.stops.length,
              done: v.stops.filter((s) => s.comment).length,
              items: v.stops.reduce((n, s) => n + s.items.length, 0),
            }),
        },
        {
          title: t('rectification.field.status'),
          dataIndex: 'status',
          render: (s: string) => (
            <Tag color={s === 'open' ? 'blue' : 'default'}>{t(`rectification.visits.status.${s}`)}</Tag>
          ),
        },
      ]}
    >
      <ModalForm
        open={isPlanning}
        title={t('rectification.visits.plan')}
        okText={t('rectification.visits.plan')}
        initialValues={{ sheet: DEFAULT_SHEET }}
        fields={[
          { name: 'title', label: t('rectification.visits.theme'), required: true, input: <Input /> },
          { name: 'visitOn', label: t('rectification.visits.date'), required: true, input: <DatePicker /> },
          {
            name: 'sheet',
            label: t('rectification.visits.sheet'),
            required: true,
            input: <Input.TextArea rows={4} />,
          },
          { name: 'stops', label: t('rectification.visits.stops'), required: true, input: <PlacesSelect /> },
        ]}
        onSubmit={async (v) => {
          if (!orgId) return;
          await visitApi.create({
            params: { id: orgId },
            body: {
              title: String(v.title),
              visitOn: (v.visitOn as Dayjs).format('YYYY-MM-DD'),
              scoreSheet: String(v.sheet)
                .split('\n')
                .map((l) => l.trim().match(/^(.+?)\s+(\d+(?:\.\d+)?)$/))
                .filter((m): m is RegExpMatchArray => m !== null)
                .map((m) => ({ item: m[1] ?? '', maxPoints: Number(m[2]) })),
              stopOrgIds: v.stops as number[],
            },
          });
          message.success(t('rectification.visits.planned'));
          list.reload();
        }}
        onClose={() => setPlanning(false)}
      />
      {open && <VisitModal visit={open} onClose={() => setOpenId(null)} onChanged={replace} />}
    </ListPage>
  );
}

function VisitModal({
  visit,
  onClose,
  onChanged,
}: {
  visit: VisitDto;
  onClose: () => void;
  onChanged: (v: VisitDto) => void;
}) {
  const t = useT();
  const message = useMessage();
  const [stop, setStop] = useState<StopDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open
      title={visit.title}
      onCancel={onClose}
      width={760}
      footer={
        visit.abilities?.close ? (
          <Button
            onClick={() =>
              visitApi.close({ params: { id: visit.id }, body: {} }).then(
                (r) => {
                  onChanged(r.data);
                  message.success(t('rectification.visits.closed'));
                },
                (e) => setError(errorText(e)),
              )
            }
          >
            {t('rectification.visits.close')}
          </Button>
        ) : null
      }
    >
      {error && <Alert type="error" message={error} />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {visit.stops.map((s) => (
          <Descriptions
            key={s.id}
            size="small"
            bordered
            column={1}
            title={
              <Space wrap size={4}>
                <span style={{ whiteSpace: 'normal' }}>
                  {s.seq}. {s.orgName}
                </span>
                {s.total !== null && (
                  <Tag color="blue">
                    {t('rectification.visits.total', { total: s.total, max: visit.maxTotal })}
                  </Tag>
                )}
              </Space>
            }
            extra={
              s.abilities?.review ? (
                <Button size="small" type="primary" onClick={() => setStop(s)}>
                  {t('rectification.visits.review')}
                </Button>
              ) : null
            }
          >
            {s.scores && (
              <Descriptions.Item label={t('rectification.visits.scores')}>
                {s.scores.map((x) => `${x.item} ${x.points}`).join('；')}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('rectification.visits.comment')}>
              {s.comment ?? '—'}
            </Descriptions.Item>
            {s.items.length > 0 && (
              <Descriptions.Item label={t('rectification.visits.items')}>
                <Space wrap size={4}>
                  {s.items.map((i) => (
                    <Tag key={i.id}>
                      {i.title}（{t(`rectification.status.${i.status}`)}，{i.deadline}）
                    </Tag>
                  ))}
                </Space>
              </Descriptions.Item>
            )}
          </Descriptions>
        ))}
      </Space>
      <ModalForm
        open={stop !== null}
        title={stop ? `${t('rectification.visits.review')}：${stop.orgName}` : ''}
        okText={t('rectification.visits.review')}
        fields={[
          ...visit.scoreSheet.map((s, i) => ({
            name: `score${i}`,
            label: `${s.item}（${t('rectification.visits.max', { max: s.maxPoints })}）`,
            required: true,
            input: <InputNumber min={0} max={s.maxPoints} />,
          })),
          {
            name: 'comment',
            label: t('rectification.visits.comment'),
            required: true,
            input: <Input.TextArea rows={3} />,
          },
          {
            name: 'followUps',
            label: t('rectification.visits.followUps'),
            input: <Input.TextArea rows={2} />,
          },
        ]}
        onSubmit={async (v) => {
          if (!stop) return;
          const r = await visitApi.review({
            params: { id: stop.id },
            body: {
              scores: visit.scoreSheet.map((s, i) => ({ item: s.item, points: Number(v[`score${i}`]) })),
              comment: String(v.comment),
              followUps: followUpsOf(v.followUps, '党组织书记'),
            },
          });
          onChanged(r.data);
          message.success(t('rectification.visits.reviewed'));
        }}
        onClose={() => setStop(null)}
      />
    </Modal>
  );
}
