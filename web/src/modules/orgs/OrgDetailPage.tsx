import {
  ApartmentOutlined,
  DeleteOutlined,
  DragOutlined,
  EditOutlined,
  HomeOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import {
  Breadcrumb,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Result,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { formatDateTime, todayIso } from '../../shared/format.ts';
import { type TFunction, useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import { useFormSubmit } from '../../shared/useFormSubmit.ts';
import {
  ALLIANCE_KINDS,
  type OrgDetail,
  type OrgDto,
  type OrgEvent,
  orgsApi,
  type PartTimeMember,
} from './api.ts';
import { onOrgsChanged } from './events.ts';
import { levelOrUnit } from './labels.ts';
import { CloseOrgModal, MoveOrgModal, OrgFormModal } from './OrgForms.tsx';
import { OrgImportModal } from './OrgImportModal.tsx';
import { SetupAdvice } from './SetupAdvice.tsx';

type Dialog = 'create' | 'import' | 'edit' | 'move' | 'close' | null;

const EVENT_COLORS: Record<string, string> = {
  created: 'green',
  updated: 'blue',
  moved: 'orange',
  closed: 'red',
};

/** One changed field as "名称：旧 → 新", with enum values and parents in words. */
function describeChange(
  t: TFunction,
  field: string,
  before: unknown,
  after: unknown,
  names: Map<number, string>,
) {
  const show = (value: unknown) => {
    if (value === null || value === undefined || value === '') return t('common.state.none');
    if (field === 'kind') return t(`orgs.kind.${value}`);
    if (field === 'level') return t(`orgs.level.${value}`);
    if (field === 'unitType') return t(`orgs.unitType.${value}`);
    if (field === 'status') return t(`orgs.status.${value}`);
    if (field === 'parentId' && typeof value === 'number') return names.get(value) ?? `#${value}`;
    return String(value);
  };
  const label = t(`orgs.field.${field}`);
  return `${label}：${show(before)} → ${show(after)}`;
}

function HistoryTab({ orgId, version }: { orgId: number; version: number }) {
  const t = useT();
  const [events, setEvents] = useState<OrgEvent[] | null>(null);
  const [names, setNames] = useState(new Map<number, string>());
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` reloads the history after a change
  useEffect(() => {
    let cancelled = false;
    orgsApi
      .history({ params: { id: orgId } })
      .then(async ({ data }) => {
        // Parents named in moves: look up the ones the caller can see.
        const ids = new Set<number>();
        for (const e of data) {
          for (const side of [e.before, e.after]) {
            if (side && typeof side.parentId === 'number') ids.add(side.parentId);
          }
        }
        const found = new Map<number, string>();
        await Promise.all(
          [...ids].map((id) =>
            orgsApi
              .detail({ params: { id } })
              .then((res) => found.set(id, res.data.name))
              .catch(() => undefined),
          ),
        );
        if (!cancelled) {
          setNames(found);
          setEvents(data);
        }
      })
      .catch((e) => !cancelled && setError(errorText(e)));
    return () => {
      cancelled = true;
    };
  }, [orgId, version]);
  if (error) return <Typography.Text type="danger">{error}</Typography.Text>;
  if (!events) return <Spin />;
  if (events.length === 0) return <Empty description={t('orgs.detail.noHistory')} />;
  return (
    <Timeline
      style={{ paddingTop: 8 }}
      items={events.map((e) => {
        const fields =
          e.kind === 'created' || !e.after
            ? []
            : Object.keys(e.after).filter((f) => f !== 'path' && f !== 'closedOn');
        return {
          key: e.id,
          color: EVENT_COLORS[e.kind] ?? 'gray',
          content: (
            <div data-testid="org-event">
              <Space wrap size={8}>
                <Tag color={EVENT_COLORS[e.kind]}>{t(`orgs.event.${e.kind}`)}</Tag>
                <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
                {e.actorName && (
                  <Typography.Text type="secondary">
                    {t('orgs.event.by')}：{e.actorName}
                  </Typography.Text>
                )}
              </Space>
              {fields.map((f) => (
                <div key={f}>{describeChange(t, f, e.before?.[f], e.after?.[f], names)}</div>
              ))}
              {e.reason && (
                <div>
                  {t('orgs.event.reason')}：{e.reason}
                </div>
              )}
            </div>
          ),
        };
      })}
    />
  );
}

function ChildrenTab({ org, version }: { org: OrgDetail; version: number }) {
  const t = useT();
  const [rows, setRows] = useState<OrgDto[] | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` reloads the children after a change
  useEffect(() => {
    let cancelled = false;
    orgsApi
      .list({ query: { parentId: org.id, pageSize: 200 } })
      .then((res) => !cancelled && setRows(res.data))
      .catch(() => !cancelled && setRows([]));
    return () => {
      cancelled = true;
    };
  }, [org.id, version]);
  return (
    <Table<OrgDto>
      rowKey="id"
      size="middle"
      loading={rows === null}
      dataSource={rows ?? []}
      pagination={{
        pageSize: 20,
        hideOnSinglePage: true,
        showTotal: (total) => t('common.table.total', { total }),
      }}
      scroll={{ x: 640 }}
      locale={{
        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.detail.noChildren')} />,
      }}
      columns={[
        {
          title: t('orgs.field.name'),
          dataIndex: 'name',
          render: (name: string, row) => <Link to={`/orgs/${row.id}`}>{name}</Link>,
        },
        { title: t('orgs.field.code'), dataIndex: 'code', width: 160 },
        {
          title: t('orgs.field.kind'),
          dataIndex: 'kind',
          width: 140,
          render: (k: string) => t(`orgs.kind.${k}`),
        },
        {
          title: t('orgs.field.levelOrUnit'),
          key: 'lu',
          width: 140,
          render: (_v, row) => levelOrUnit(t, row),
        },
        { title: t('orgs.field.childCount'), dataIndex: 'childCount', width: 110, align: 'right' },
      ]}
    />
  );
}

function PartTimeTab({ org }: { org: OrgDetail }) {
  const t = useT();
  const message = useMessage();
  const [rows, setRows] = useState<PartTimeMember[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ name: string; unitName: string; position: string; startedOn: Dayjs }>();
  const load = useCallback(() => {
    orgsApi
      .partTimeMembers({ params: { id: org.id } })
      .then((res) => setRows(res.data))
      .catch((e) => {
        setRows([]);
        message.error(errorText(e));
      });
  }, [org.id, message]);
  useEffect(load, [load]);
  const canManage = org.abilities.managePartTimeMembers;

  const { busy, submit: add } = useFormSubmit(form, async (values) => {
    await orgsApi.addPartTimeMember({
      params: { id: org.id },
      body: {
        name: values.name.trim(),
        unitName: values.unitName.trim(),
        position: values.position.trim(),
        startedOn: values.startedOn.format('YYYY-MM-DD'),
      },
    });
    message.success(t('orgs.partTime.done'));
    setAdding(false);
    load();
  });

  const end = async (member: PartTimeMember) => {
    try {
      await orgsApi.endPartTimeMember({
        params: { id: org.id, memberId: member.id },
        body: { endedOn: todayIso() },
      });
      message.success(t('orgs.partTime.done'));
      load();
    } catch (error) {
      message.error(errorText(error));
    }
  };

  return (
    <>
      <div className="jc-page-header" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('orgs.partTime.intro')}</Typography.Text>
        {canManage && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('orgs.partTime.add')}
          </Button>
        )}
      </div>
      <Table<PartTimeMember>
        rowKey="id"
        size="middle"
        loading={rows === null}
        dataSource={rows ?? []}
        pagination={false}
        scroll={{ x: 640 }}
        columns={[
          { title: t('orgs.partTime.name'), dataIndex: 'name' },
          { title: t('orgs.partTime.unitName'), dataIndex: 'unitName' },
          { title: t('orgs.partTime.position'), dataIndex: 'position' },
          { title: t('orgs.partTime.startedOn'), dataIndex: 'startedOn', width: 120 },
          {
            title: t('orgs.partTime.endedOn'),
            dataIndex: 'endedOn',
            width: 120,
            render: (v: string | null) => v ?? <Tag color="green">{t('orgs.partTime.current')}</Tag>,
          },
          ...(canManage
            ? [
                {
                  title: t('common.table.actions'),
                  key: 'actions',
                  width: 110,
                  render: (_v: unknown, row: PartTimeMember) =>
                    row.endedOn ? null : (
                      <Popconfirm
                        title={t('orgs.partTime.endConfirm', { name: row.name })}
                        okText={t('common.action.confirm')}
                        cancelText={t('common.action.cancel')}
                        onConfirm={() => end(row)}
                      >
                        <Button type="link" size="small" danger>
                          {t('orgs.partTime.end')}
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={adding}
        title={t('orgs.partTime.add')}
        okText={t('common.action.save')}
        cancelText={t('common.action.cancel')}
        onOk={add}
        onCancel={() => setAdding(false)}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="name"
            label={t('orgs.partTime.name')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item
            name="unitName"
            label={t('orgs.partTime.unitName')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="position"
            label={t('orgs.partTime.position')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="startedOn" label={t('orgs.partTime.startedOn')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** `/orgs/:id`: one organization, its place in the tree, its children, history and part-time members. */
export default function OrgDetailPage() {
  const t = useT();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const [org, setOrg] = useState<OrgDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [version, setVersion] = useState(0);

  const load = useCallback(async () => {
    try {
      const { data } = await orgsApi.detail({ params: { id } });
      setOrg(data);
      setError(null);
    } catch (e) {
      setError(e);
      setOrg(null);
    }
  }, [id]);

  useEffect(() => {
    setOrg(null);
    load();
  }, [load]);
  useEffect(
    () =>
      onOrgsChanged(() => {
        load();
        setVersion((v) => v + 1);
      }),
    [load],
  );

  if (error) {
    const notFound = error instanceof ApiError && (error.status === 404 || error.status === 400);
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? t('common.error.notFound') : t('common.error.load')}
        subTitle={notFound ? undefined : errorText(error)}
        extra={<Button onClick={() => navigate('/')}>{t('app.notFound.back')}</Button>}
      />
    );
  }
  if (!org) {
    return (
      <div className="jc-center">
        <Spin />
      </div>
    );
  }

  const { abilities } = org;
  const isAlliance = ALLIANCE_KINDS.includes(org.kind);
  const saved = () => setDialog(null);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb
        items={[
          {
            title: (
              <Link to="/" aria-label={t('app.menu.home')}>
                <HomeOutlined />
              </Link>
            ),
          },
          ...org.ancestors.map((a) => ({ title: <Link to={`/orgs/${a.id}`}>{a.name}</Link> })),
          { title: org.name },
        ]}
      />
      <Card>
        <div className="jc-page-header">
          <Space wrap size={8} align="center">
            <ApartmentOutlined style={{ fontSize: 22, color: '#c8102e' }} />
            <Typography.Title level={3} data-testid="org-name">
              {org.name}
            </Typography.Title>
            <Tag color="red">{t(`orgs.kind.${org.kind}`)}</Tag>
            {org.status === 'closed' && <Tag>{t('orgs.status.closed')}</Tag>}
          </Space>
          <Space wrap>
            {abilities.createChild && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('create')}>
                {t('orgs.action.createChild')}
              </Button>
            )}
            {abilities.createChild && (
              <Button icon={<UploadOutlined />} onClick={() => setDialog('import')} data-testid="org-import">
                {t('orgs.action.import')}
              </Button>
            )}
            {abilities.update && (
              <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
                {t('orgs.action.edit')}
              </Button>
            )}
            {abilities.move && (
              <Button icon={<DragOutlined />} onClick={() => setDialog('move')}>
                {t('orgs.action.move')}
              </Button>
            )}
            {abilities.close && (
              <Button danger icon={<DeleteOutlined />} onClick={() => setDialog('close')}>
                {t('orgs.action.close')}
              </Button>
            )}
          </Space>
        </div>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'code', label: t('orgs.field.code'), children: org.code },
            { key: 'shortName', label: t('orgs.field.shortName'), children: org.shortName ?? '—' },
            { key: 'kind', label: t('orgs.field.kind'), children: t(`orgs.kind.${org.kind}`) },
            {
              key: 'lu',
              label: org.unitType ? t('orgs.field.unitType') : t('orgs.field.level'),
              children: levelOrUnit(t, org),
            },
            {
              key: 'status',
              label: t('orgs.field.status'),
              children: (
                <Tag color={org.status === 'active' ? 'green' : 'default'}>
                  {t(`orgs.status.${org.status}`)}
                </Tag>
              ),
            },
            { key: 'established', label: t('orgs.field.establishedOn'), children: org.establishedOn ?? '—' },
            { key: 'children', label: t('orgs.field.childCount'), children: org.childCount },
            ...(org.status === 'closed'
              ? [
                  { key: 'closedOn', label: t('orgs.field.closedOn'), children: org.closedOn ?? '—' },
                  {
                    key: 'closedReason',
                    label: t('orgs.field.closedReason'),
                    children: org.closedReason ?? '—',
                  },
                ]
              : []),
          ]}
        />
        {(org.kind === 'branch' || org.kind === 'general_branch') && org.status === 'active' && (
          <div style={{ marginTop: 12 }}>
            <SetupAdvice orgId={org.id} version={version} />
          </div>
        )}
      </Card>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          items={[
            {
              key: 'children',
              label: `${t('orgs.detail.children')} (${org.childCount})`,
              children: <ChildrenTab org={org} version={version} />,
            },
            ...(isAlliance
              ? [{ key: 'partTime', label: t('orgs.detail.partTime'), children: <PartTimeTab org={org} /> }]
              : []),
            {
              key: 'history',
              label: t('orgs.detail.history'),
              children: <HistoryTab orgId={org.id} version={version} />,
            },
          ]}
        />
      </Card>
      {dialog === 'create' && (
        <OrgFormModal
          open
          parent={org}
          onClose={() => setDialog(null)}
          onSaved={(created) => {
            setDialog(null);
            navigate(`/orgs/${created.id}`);
          }}
        />
      )}
      {dialog === 'import' && <OrgImportModal org={org} onClose={() => setDialog(null)} />}
      {dialog === 'edit' && <OrgFormModal open org={org} onClose={() => setDialog(null)} onSaved={saved} />}
      {dialog === 'move' && <MoveOrgModal open org={org} onClose={() => setDialog(null)} onSaved={saved} />}
      {dialog === 'close' && <CloseOrgModal open org={org} onClose={() => setDialog(null)} onSaved={saved} />}
    </Space>
  );
}
