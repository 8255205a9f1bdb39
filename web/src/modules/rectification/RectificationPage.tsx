import { UploadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Form,
  Input,
  Row,
  Select,
  Space,
  Statistic,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import {
  type itemDetailSchema,
  type RectificationItemDto,
  rectificationEndpoints,
  SOURCE_KINDS,
  type SourceKind,
  STATUS_FILTERS,
} from '../../../../server/src/modules/rectification/rectification.contract.ts';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import { createClient } from '../../shared/client.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { ModalForm } from '../../shared/ModalForm.tsx';
import { useMessage } from '../../shared/message.ts';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { useIsPhone } from '../../shared/useIsPhone.ts';
import { useList } from '../../shared/useList.ts';
import { usePageOrg } from '../../shared/usePageOrg.ts';

export const rectificationApi = createClient(rectificationEndpoints);
type Detail = z.output<typeof itemDetailSchema>;
type StatusFilter = (typeof STATUS_FILTERS)[number];
interface Filters {
  status?: StatusFilter;
  sourceKind?: SourceKind;
  sourceId?: number;
  hard?: 'true';
}

export const STATUS_COLORS: Record<string, string> = {
  open: 'blue',
  submitted: 'gold',
  returned: 'red',
  verified: 'green',
  closed: 'default',
};

function filtersFrom(params: URLSearchParams): Filters {
  const status = params.get('status');
  const sourceKind = params.get('sourceKind');
  return {
    status: (STATUS_FILTERS as readonly string[]).includes(status ?? '')
      ? (status as StatusFilter)
      : undefined,
    sourceKind: (SOURCE_KINDS as readonly string[]).includes(sourceKind ?? '')
      ? (sourceKind as SourceKind)
      : undefined,
    sourceId: Number(params.get('sourceId')) || undefined,
    ...(params.get('hard') === 'true' ? { hard: 'true' as const } : {}),
  };
}

/** `/rectification`: the items of an organization's subtree, overdue first, and one item's workflow. */
export default function RectificationPage() {
  const t = useT();
  const { orgId, setOrgId, params, setParams } = usePageOrg(useSession().me?.roles);
  const filters = filtersFrom(params);
  const [openId, setOpenId] = useState<number | null>(null);
  const [figures, setFigures] = useState<Record<string, number> | null>(null);
  const list = useList<RectificationItemDto, Filters & { orgId?: number }>(
    ({ filters: f, page, pageSize }, signal) =>
      rectificationApi.items({ query: { ...f, orgId: f.orgId, page, pageSize }, signal }),
    { filters: { ...filters, orgId } },
  );
  const reloadFigures = useCallback(() => {
    if (orgId)
      rectificationApi.figures({ query: { orgId } }).then(
        (r) => setFigures(r.data),
        () => setFigures(null),
      );
  }, [orgId]);
  useEffect(reloadFigures, [reloadFigures]);
  const setStatus = (status?: string) => {
    const next = new URLSearchParams(params);
    if (status) next.set('status', status);
    else next.delete('status');
    setParams(next);
  };
  const figure = (key: string, label: string, status?: string) => (
    <Col xs={12} md={6} key={key}>
      <Card size="small" hoverable onClick={() => setStatus(status)} data-testid={`figure-${key}`}>
        <Statistic title={label} value={figures?.[key] ?? '—'} />
      </Card>
    </Col>
  );
  return (
    <ListPage<RectificationItemDto, Filters & { orgId?: number }>
      title={t('rectification.items.title')}
      intro={t('rectification.items.intro')}
      list={list}
      rowKey={(r) => r.id}
      scrollX={900}
      onRowClick={(r) => setOpenId(r.id)}
      notice={
        <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
          {figure('findings', t('rectification.figure.findings'))}
          {figure('onTime', t('rectification.figure.onTime'), 'verified')}
          {figure('overdue', t('rectification.figure.overdue'), 'overdue')}
          {figure('returned', t('rectification.figure.returned'), 'returned')}
        </Row>
      }
      filters={
        <Form layout="inline">
          <Form.Item label={t('rectification.field.org')}>
            <OrgPicker value={orgId} onChange={(id) => setOrgId(id)} />
          </Form.Item>
          <Form.Item label={t('rectification.field.status')}>
            <Select
              allowClear
              style={{ width: 140 }}
              value={filters.status}
              onChange={(v?: string) => setStatus(v)}
              options={[
                { value: 'overdue', label: t('rectification.filter.overdue') },
                { value: 'open', label: t('rectification.filter.notClosed') },
                ...(['submitted', 'returned', 'verified', 'closed'] as const).map((s) => ({
                  value: s,
                  label: t(`rectification.status.${s}`),
                })),
              ]}
            />
          </Form.Item>
        </Form>
      }
      columns={[
        { title: t('rectification.field.title'), dataIndex: 'title' },
        { title: t('rectification.field.org'), dataIndex: 'orgName' },
        {
          title: t('rectification.field.status'),
          render: (_, r) => (
            <Space size={4} wrap>
              <Tag color={STATUS_COLORS[r.status]}>{t(`rectification.status.${r.status}`)}</Tag>
              {r.overdueDays > 0 && (
                <Tag color="red">{t('rectification.overdueDays', { n: r.overdueDays })}</Tag>
              )}
              {r.escalatedToOrgName && <Tag color="volcano">{t('rectification.field.escalated')}</Tag>}
            </Space>
          ),
        },
        { title: t('rectification.field.deadline'), dataIndex: 'deadline' },
        {
          title: t('rectification.field.source'),
          render: (_, r) => r.sourceTitle ?? t(`rectification.source.${r.source.kind}`),
        },
      ]}
    >
      <ItemDrawer
        id={openId}
        onClose={() => setOpenId(null)}
        onChanged={() => {
          list.reload();
          reloadFigures();
        }}
      />
    </ListPage>
  );
}

/** One item: what was found, the evidence, the history, and the buttons the caller's abilities allow. */
function ItemDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: number | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const t = useT();
  const message = useMessage();
  const isPhone = useIsPhone();
  const { can } = useSession();
  const [item, setItem] = useState<Detail | null>(null);
  const [returning, setReturning] = useState(false);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => {
    if (id)
      rectificationApi.item({ params: { id } }).then(
        (r) => setItem(r.data),
        (e) => message.error(errorText(e)),
      );
  }, [id, message]);
  useEffect(() => {
    setItem(null);
    load();
  }, [load]);
  const run = async (verb: 'submit' | 'verify' | 'close', comment?: string) => {
    if (!item) return;
    setBusy(true);
    try {
      await rectificationApi[verb]({ params: { id: item.id }, body: comment ? { comment } : {} });
      message.success(t(`rectification.done.${verb}`));
      load();
      onChanged();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const canUpload =
    item && (item.status === 'open' || item.status === 'returned') && can('rectification.rectify');
  const evidenceLinks = (files: { id: number; filename: string }[]) =>
    files.length === 0
      ? t('rectification.detail.none')
      : files.map((f) => (
          <div key={f.id}>
            <Typography.Link href={`/api/v1/rectification/evidence/${f.id}`} target="_blank">
              {f.filename || f.id}
            </Typography.Link>
          </div>
        ));
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      width={isPhone ? '100%' : 560}
      title={item?.title}
      destroyOnHidden
    >
      {item && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('rectification.field.org')}>{item.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('rectification.field.status')}>
              <Tag color={STATUS_COLORS[item.status]}>{t(`rectification.status.${item.status}`)}</Tag>
              {item.overdueDays > 0 && (
                <Tag color="red">{t('rectification.overdueDays', { n: item.overdueDays })}</Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('rectification.field.deadline')}>{item.deadline}</Descriptions.Item>
            <Descriptions.Item label={t('rectification.field.owner')}>{item.ownerPerson}</Descriptions.Item>
            <Descriptions.Item label={t('rectification.field.evidence')}>
              {item.requiredEvidence}
            </Descriptions.Item>
            {item.finding && (
              <Descriptions.Item label={t('rectification.detail.finding')}>
                {item.finding.description}
                {evidenceLinks(item.finding.evidence)}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('rectification.detail.evidence')}>
              {evidenceLinks(item.evidence)}
            </Descriptions.Item>
          </Descriptions>
          <Space wrap>
            {canUpload && (
              <Upload
                accept="image/jpeg,image/png,image/webp,application/pdf"
                showUploadList={false}
                customRequest={async ({ file, onSuccess, onError }) => {
                  const form = new FormData();
                  form.append('file', file as Blob);
                  try {
                    await api.upload(`/rectification/items/${item.id}/evidence`, form);
                    message.success(t('rectification.done.upload'));
                    onSuccess?.({});
                    load();
                  } catch (e) {
                    message.error(errorText(e));
                    onError?.(e as Error);
                  }
                }}
              >
                <Button icon={<UploadOutlined />} data-testid="upload-evidence">
                  {t('rectification.action.upload')}
                </Button>
              </Upload>
            )}
            {item.abilities?.submit && (
              <Button type="primary" loading={busy} onClick={() => run('submit')}>
                {t('rectification.action.submit')}
              </Button>
            )}
            {item.abilities?.verify && (
              <Button type="primary" loading={busy} onClick={() => run('verify')}>
                {t('rectification.action.verify')}
              </Button>
            )}
            {item.abilities?.giveBack && (
              <Button danger onClick={() => setReturning(true)}>
                {t('rectification.action.giveBack')}
              </Button>
            )}
            {item.abilities?.close && (
              <Button loading={busy} onClick={() => run('close')}>
                {t('rectification.action.close')}
              </Button>
            )}
          </Space>
          <Typography.Title level={5}>{t('rectification.detail.timeline')}</Typography.Title>
          <Timeline
            items={item.events.map((e) => ({
              children: (
                <>
                  <div>
                    {t(`rectification.event.${e.kind}`)} · {new Date(e.at).toLocaleString('zh-CN')}{' '}
                    {e.actorName ?? ''}
                  </div>
                  {e.comment && <Typography.Text type="secondary">{e.comment}</Typography.Text>}
                </>
              ),
            }))}
          />
        </Space>
      )}
      <ModalForm
        open={returning}
        title={t('rectification.action.giveBack')}
        okText={t('rectification.action.giveBack')}
        fields={[
          {
            name: 'comment',
            label: t('rectification.field.comment'),
            input: <Input.TextArea rows={3} />,
            required: true,
          },
        ]}
        onSubmit={async (v) => {
          if (!item) return;
          await rectificationApi.giveBack({ params: { id: item.id }, body: { comment: String(v.comment) } });
          message.success(t('rectification.done.giveBack'));
          load();
          onChanged();
        }}
        onClose={() => setReturning(false)}
      />
    </Drawer>
  );
}
