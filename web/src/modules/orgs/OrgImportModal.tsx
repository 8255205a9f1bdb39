import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Space, Steps, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { downloadUrl } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import type { OrgDetail } from './api.ts';
import { notifyOrgsChanged } from './events.ts';
import { type OrgImportJob, type OrgImportRowError, orgImportApi } from './import-api.ts';

/** "导入组织" on an organization: template → upload → preview with row errors → commit. */
export function OrgImportModal({ org, onClose }: { org: OrgDetail; onClose: () => void }) {
  const t = useT();
  const message = useMessage();
  const [job, setJob] = useState<OrgImportJob | null>(null);
  const [uploading, setUploading] = useState(false);
  const [committing, setCommitting] = useState(false);
  const upload = async (file: File) => {
    setUploading(true);
    try {
      setJob(await orgImportApi.upload(org.id, file));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setUploading(false);
    }
  };
  const commit = async () => {
    if (!job) return;
    setCommitting(true);
    try {
      const done = (await orgImportApi.commit(job.id)).data;
      setJob(done);
      notifyOrgsChanged();
      message.success(t('orgs.import.done', { n: done.result?.imported ?? 0 }));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setCommitting(false);
    }
  };
  const preview = job?.preview;
  const canCommit =
    job?.status === 'ready' &&
    !!preview &&
    !preview.fatal &&
    !preview.alreadyImported &&
    !preview.errors.length;
  const step = !job ? 0 : job.status === 'committed' ? 2 : 1;
  return (
    <Modal
      open
      width={900}
      title={t('orgs.import.title', { name: org.name })}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>{t('orgs.import.close')}</Button>
          {job?.status !== 'committed' && (
            <Button
              type="primary"
              disabled={!canCommit || uploading}
              loading={committing}
              onClick={commit}
              data-testid="org-import-commit"
            >
              {t('orgs.import.commit', { n: preview?.ok ?? 0 })}
            </Button>
          )}
        </Space>
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Steps
          size="small"
          current={step}
          items={[
            { title: t('orgs.import.stepUpload') },
            { title: t('orgs.import.stepPreview') },
            { title: t('orgs.import.stepDone') },
          ]}
        />
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={downloadUrl('/org-imports/template', { format: 'xlsx' })}>
            {t('orgs.import.template')} (.xlsx)
          </Button>
          <Button icon={<DownloadOutlined />} href={downloadUrl('/org-imports/template', { format: 'csv' })}>
            {t('orgs.import.template')} (.csv)
          </Button>
        </Space>
        {job?.status !== 'committed' && (
          <Upload.Dragger
            accept=".xlsx,.csv"
            showUploadList={false}
            disabled={uploading || committing}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
            data-testid="org-import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{t('orgs.import.drop')}</p>
            <Typography.Text type="secondary">{t('orgs.import.hint')}</Typography.Text>
          </Upload.Dragger>
        )}
        {preview?.fatal && <Alert type="error" message={preview.fatal} />}
        {preview?.alreadyImported && (
          <Alert
            type="warning"
            message={t('orgs.import.already', {
              at: preview.alreadyImported.at.slice(0, 19).replace('T', ' '),
              n: preview.alreadyImported.rowCount,
            })}
          />
        )}
        {job?.status === 'committed' && job.result && (
          <Alert
            type="success"
            data-testid="org-import-result"
            message={t('orgs.import.done', { n: job.result.imported })}
          />
        )}
        {preview && !preview.fatal && !preview.alreadyImported && job?.status !== 'committed' && (
          <>
            <Alert
              type={preview.errors.length ? 'error' : 'success'}
              data-testid="org-import-summary"
              message={
                preview.errors.length
                  ? t('orgs.import.hasErrors', { total: preview.total, n: preview.errors.length })
                  : t('orgs.import.allOk', { total: preview.total })
              }
            />
            {preview.errors.length > 0 ? (
              <Table<OrgImportRowError>
                rowKey={(e) => `${e.row}-${e.column}-${e.code}`}
                size="small"
                dataSource={preview.errors}
                pagination={{ pageSize: 10 }}
                scroll={{ x: 560 }}
                data-testid="org-import-errors"
                columns={[
                  { title: t('orgs.import.row'), dataIndex: 'row', width: 70 },
                  { title: t('orgs.import.column'), dataIndex: 'column', width: 130 },
                  { title: t('orgs.import.problem'), dataIndex: 'message' },
                ]}
              />
            ) : (
              <Table
                rowKey="row"
                size="small"
                dataSource={preview.sample}
                pagination={{ pageSize: 10 }}
                scroll={{ x: 640 }}
                columns={[
                  { title: t('orgs.import.row'), dataIndex: 'row', width: 70 },
                  { title: t('orgs.field.code'), dataIndex: 'code' },
                  { title: t('orgs.field.name'), dataIndex: 'name' },
                  { title: t('orgs.import.parent'), dataIndex: 'parentCode' },
                  {
                    title: t('orgs.field.kind'),
                    dataIndex: 'kind',
                    render: (k: string) => t(`orgs.kind.${k}`),
                  },
                  {
                    title: t('orgs.field.levelOrUnit'),
                    render: (_: unknown, r: OrgImportJob['preview']['sample'][number]) =>
                      r.level
                        ? t(`orgs.level.${r.level}`)
                        : r.unitType
                          ? t(`orgs.unitType.${r.unitType}`)
                          : '—',
                  },
                ]}
              />
            )}
          </>
        )}
      </Space>
    </Modal>
  );
}
