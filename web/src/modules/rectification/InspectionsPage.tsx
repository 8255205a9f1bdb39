import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { z } from 'zod';
import type {
  CampaignDto,
  campaignDetailSchema,
} from '../../../../server/src/modules/rectification/rectification.contract.ts';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { ModalForm } from '../../shared/ModalForm.tsx';
import { useMessage } from '../../shared/message.ts';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { useIsPhone } from '../../shared/useIsPhone.ts';
import { useList } from '../../shared/useList.ts';
import { usePageOrg } from '../../shared/usePageOrg.ts';
import { BulletinModal } from './Bulletin.tsx';
import { InspectorPicker } from './InspectorPicker.tsx';
import { rectificationApi } from './RectificationPage.tsx';

type Detail = z.output<typeof campaignDetailSchema>;
const day = (d: unknown) => (d as Dayjs).format('YYYY-MM-DD');

/** `/inspections`: the campaigns launched in the subtree, launching one, recording findings on a phone. */
export default function InspectionsPage() {
  const t = useT();
  const message = useMessage();
  const { orgId, setOrgId } = usePageOrg(useSession().me?.roles);
  const [launching, setLaunching] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const list = useList<CampaignDto, { orgId?: number }>(
    ({ filters, page, pageSize }, signal) =>
      rectificationApi.campaigns({ query: { orgId: filters.orgId, page, pageSize }, signal }),
    { filters: { orgId } },
  );
  return (
    <ListPage<CampaignDto, { orgId?: number }>
      title={t('rectification.inspections.title')}
      intro={t('rectification.inspections.intro')}
      list={list}
      rowKey={(r) => r.id}
      scrollX={900}
      onRowClick={(r) => setOpenId(r.id)}
      actions={
        <Space wrap>
          <Button
            onClick={async () => {
              if (!orgId) return;
              try {
                const r = await api.post<{ data: { reminded: number; escalated: number } }>(
                  `/orgs/${orgId}/rectification/sweep`,
                  {},
                );
                message.success(t('rectification.done.sweep', r.data));
              } catch (e) {
                message.error(errorText(e));
              }
            }}
          >
            {t('rectification.action.sweep')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setLaunching(true)}>
            {t('rectification.action.launch')}
          </Button>
        </Space>
      }
      filters={
        <OrgPicker value={orgId} onChange={(id) => setOrgId(id)} ariaLabel={t('rectification.field.org')} />
      }
      columns={[
        { title: t('rectification.field.campaign'), dataIndex: 'title' },
        {
          title: t('rectification.field.kind'),
          render: (_, r) => <Tag>{t(`rectification.kind.${r.kind}`)}</Tag>,
        },
        { title: t('rectification.field.dates'), render: (_, r) => `${r.startsOn} ~ ${r.endsOn}` },
        { title: t('rectification.field.targets'), dataIndex: 'targets' },
        { title: t('rectification.field.findings'), dataIndex: 'findings' },
        { title: t('rectification.field.rectified'), dataIndex: 'rectified' },
        {
          title: t('rectification.field.overdue'),
          render: (_, r) => (r.overdue > 0 ? <Tag color="red">{r.overdue}</Tag> : 0),
        },
      ]}
    >
      <ModalForm
        open={launching}
        title={t('rectification.action.launch')}
        okText={t('rectification.action.launch')}
        initialValues={{ kind: 'unannounced', targetLevel: 'community' }}
        fields={[
          {
            name: 'kind',
            label: t('rectification.field.kind'),
            required: true,
            input: (
              <Select
                options={(['unannounced', 'special'] as const).map((k) => ({
                  value: k,
                  label: t(`rectification.kind.${k}`),
                }))}
              />
            ),
          },
          { name: 'title', label: t('rectification.field.campaign'), required: true, input: <Input /> },
          {
            name: 'targetLevel',
            label: t('rectification.field.targetLevel'),
            required: true,
            input: (
              <Select
                options={(['street', 'community', 'grid'] as const).map((k) => ({
                  value: k,
                  label: t(`rectification.level.${k}`),
                }))}
              />
            ),
          },
          {
            name: 'checklist',
            label: t('rectification.field.checklist'),
            required: true,
            input: <Input.TextArea rows={4} placeholder={t('rectification.checklist.placeholder')} />,
          },
          {
            name: 'startsOn',
            label: t('rectification.field.startsOn'),
            required: true,
            input: <DatePicker />,
          },
          { name: 'endsOn', label: t('rectification.field.endsOn'), required: true, input: <DatePicker /> },
          {
            name: 'inspectorIds',
            label: t('rectification.field.inspectors'),
            input: <InspectorPicker orgId={orgId} />,
          },
        ]}
        onSubmit={async (v) => {
          if (!orgId) return;
          await rectificationApi.launch({
            params: { id: orgId },
            body: {
              kind: v.kind as 'special' | 'unannounced',
              title: String(v.title),
              targetLevel: v.targetLevel as 'street' | 'community' | 'grid',
              checklist: String(v.checklist)
                .split('\n')
                .map((s) => s.trim())
                .filter(Boolean),
              startsOn: day(v.startsOn),
              endsOn: day(v.endsOn),
              inspectorIds: (v.inspectorIds as number[] | undefined) ?? [],
            },
          });
          message.success(t('rectification.done.launch'));
          list.reload();
        }}
        onClose={() => setLaunching(false)}
      />
      <CampaignDrawer id={openId} onClose={() => setOpenId(null)} onChanged={list.reload} />
    </ListPage>
  );
}

function CampaignDrawer({
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
  const navigate = useNavigate();
  const [campaign, setCampaign] = useState<Detail | null>(null);
  const [recording, setRecording] = useState<number | null>(null);
  const [lastFinding, setLastFinding] = useState<number | null>(null);
  const [bulletinOf, setBulletinOf] = useState<number | null>(null);
  const load = useCallback(() => {
    if (id)
      rectificationApi.campaign({ params: { id } }).then(
        (r) => setCampaign(r.data),
        (e) => message.error(errorText(e)),
      );
  }, [id, message]);
  useEffect(() => {
    setCampaign(null);
    setLastFinding(null);
    load();
  }, [load]);
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      width={isPhone ? '100%' : 640}
      title={campaign?.title}
      destroyOnHidden
    >
      {campaign && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('rectification.field.kind')}>
              {t(`rectification.kind.${campaign.kind}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('rectification.field.dates')}>
              {campaign.startsOn} ~ {campaign.endsOn}
            </Descriptions.Item>
            <Descriptions.Item label={t('rectification.field.inspectors')}>
              {campaign.inspectors.join('、')}
            </Descriptions.Item>
            <Descriptions.Item label={t('rectification.field.checklist')}>
              {campaign.checklist.join('；')}
            </Descriptions.Item>
          </Descriptions>
          <Space wrap>
            {campaign.abilities?.recordFinding && (
              <Button
                type="primary"
                onClick={() => setRecording(campaign.targetOrgs[0]?.orgId ?? null)}
                data-testid="record-finding"
              >
                {t('rectification.action.record')}
              </Button>
            )}
            {lastFinding !== null && (
              <Upload
                accept="image/jpeg,image/png,image/webp,application/pdf"
                showUploadList={false}
                customRequest={async ({ file, onSuccess, onError }) => {
                  const form = new FormData();
                  form.append('file', file as Blob);
                  try {
                    await api.upload(`/inspection-findings/${lastFinding}/evidence`, form);
                    message.success(t('rectification.done.upload'));
                    onSuccess?.({});
                  } catch (e) {
                    message.error(errorText(e));
                    onError?.(e as Error);
                  }
                }}
              >
                <Button icon={<UploadOutlined />} data-testid="upload-finding-photo">
                  {t('rectification.field.photo')}
                </Button>
              </Upload>
            )}
            <Button onClick={() => setBulletinOf(campaign.id)} data-testid="open-bulletin">
              {t('rectification.bulletin.open')}
            </Button>
            {campaign.abilities?.close && (
              <Button
                onClick={async () => {
                  try {
                    await rectificationApi.closeCampaign({ params: { id: campaign.id }, body: {} });
                    load();
                    onChanged();
                  } catch (e) {
                    message.error(errorText(e));
                  }
                }}
              >
                {t('rectification.action.closeCampaign')}
              </Button>
            )}
          </Space>
          <Table
            size="small"
            rowKey="id"
            pagination={{ pageSize: 10 }}
            dataSource={campaign.targetOrgs}
            onRow={(r) => ({
              onClick: () => navigate(`/rectification?orgId=${r.orgId}&sourceKind=inspection`),
            })}
            columns={[
              {
                title: t('rectification.field.targetOrg'),
                render: (_, r) => (r.parentName ? `${r.parentName} / ${r.orgName}` : r.orgName),
              },
              { title: t('rectification.field.findings'), dataIndex: 'findings', width: 90 },
            ]}
          />
        </Space>
      )}
      <BulletinModal campaignId={bulletinOf} onClose={() => setBulletinOf(null)} />
      {campaign && (
        <ModalForm
          open={recording !== null}
          title={t('rectification.action.record')}
          okText={t('rectification.action.record')}
          initialValues={{ targetOrgId: recording ?? undefined }}
          fields={[
            {
              name: 'targetOrgId',
              label: t('rectification.field.targetOrg'),
              required: true,
              input: (
                <Select
                  showSearch
                  optionFilterProp="label"
                  options={campaign.targetOrgs.map((o) => ({
                    value: o.orgId,
                    label: o.parentName ? `${o.parentName} / ${o.orgName}` : o.orgName,
                  }))}
                />
              ),
            },
            {
              name: 'checklistItem',
              label: t('rectification.field.checklistItem'),
              input: <Select allowClear options={campaign.checklist.map((c) => ({ value: c, label: c }))} />,
            },
            {
              name: 'description',
              label: t('rectification.field.description'),
              required: true,
              input: <Input.TextArea rows={3} />,
            },
            { name: 'title', label: t('rectification.field.title'), required: true, input: <Input /> },
            { name: 'ownerPerson', label: t('rectification.field.owner'), required: true, input: <Input /> },
            {
              name: 'requiredEvidence',
              label: t('rectification.field.requiredEvidence'),
              required: true,
              input: <Input />,
            },
            {
              name: 'workingDays',
              label: t('rectification.field.workingDays'),
              input: <InputNumber min={1} max={120} />,
            },
          ]}
          onSubmit={async (v) => {
            const r = await rectificationApi.recordFinding({
              params: { id: campaign.id },
              body: {
                targetOrgId: Number(v.targetOrgId),
                checklistItem: (v.checklistItem as string | undefined) || undefined,
                description: String(v.description),
                title: String(v.title),
                ownerPerson: String(v.ownerPerson),
                requiredEvidence: String(v.requiredEvidence),
                workingDays: v.workingDays ? Number(v.workingDays) : undefined,
              },
            });
            setLastFinding(r.data.findingId);
            message.success(t('rectification.done.record'));
            load();
            onChanged();
          }}
          onClose={() => setRecording(null)}
        />
      )}
    </Drawer>
  );
}
