import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Progress,
  Radio,
  Result,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { downloadUrl } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { type TFunction, useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import {
  type ImportJob,
  type ImportMode,
  type MemberChange,
  memberImportApi,
  type RowError,
  type SkippedRow,
} from './api.ts';

/** Where a row is: "第 3 行", or "工作表“第二网格” 第 3 行" when the workbook has several sheets. */
const rowPlace = (t: TFunction, r: { row: number; sheet?: string }) =>
  r.sheet
    ? t('members.import.rowInSheet', { sheet: r.sheet, row: r.row })
    : t('members.import.row', { row: r.row });

/** `/member-import`: template → upload → preview with row errors and progress → commit. */
export default function ImportPage() {
  const t = useT();
  const { me } = useSession();
  const message = useMessage();
  const [orgId, setOrgId] = useState<number | undefined>(me?.scopes[0]?.id);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [mode, setMode] = useState<ImportMode>('add');
  const [busy, setBusy] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const poll = (id: string) => {
    timer.current = setTimeout(async () => {
      try {
        const next = (await memberImportApi.job(id)).data;
        setJob(next);
        if (next.status === 'parsing') poll(id);
      } catch (e) {
        message.error(errorText(e));
      }
    }, 400);
  };
  const upload = async (file: File) => {
    if (!orgId) return message.error(t('members.import.chooseOrg'));
    setBusy(true);
    try {
      const started = await memberImportApi.upload(orgId, file, mode);
      setJob(started);
      poll(started.id);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const commit = async () => {
    if (!job) return;
    setBusy(true);
    try {
      setJob((await memberImportApi.commit(job.id)).data);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const preview = job?.preview;
  const step = !job ? 0 : job.status === 'committed' ? 2 : 1;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('members.import.title')}>
        <Steps
          current={step}
          items={[
            { title: t('members.import.step.upload') },
            { title: t('members.import.step.preview') },
            { title: t('members.import.step.done') },
          ]}
          style={{ marginBottom: 16 }}
        />
        <Space wrap style={{ marginBottom: 16 }}>
          <span>{t('members.import.into')}</span>
          <OrgPicker value={orgId} onChange={setOrgId} />
          <Button
            icon={<DownloadOutlined />}
            href={downloadUrl('/member-imports/template', { format: 'xlsx' })}
          >
            {t('members.import.templateXlsx')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            href={downloadUrl('/member-imports/template', { format: 'csv' })}
          >
            {t('members.import.templateCsv')}
          </Button>
        </Space>
        <Space wrap style={{ marginBottom: 16 }}>
          <span>{t('members.import.mode')}</span>
          <Radio.Group
            value={mode}
            onChange={(e) => setMode(e.target.value)}
            optionType="button"
            data-testid="import-mode"
            options={[
              { value: 'add', label: t('members.import.mode.add') },
              { value: 'update', label: t('members.import.mode.update') },
            ]}
          />
          <Typography.Text type="secondary">
            {mode === 'update' ? t('members.import.mode.update.help') : t('members.import.mode.add.help')}
          </Typography.Text>
        </Space>
        <Upload.Dragger
          accept=".xlsx,.csv"
          showUploadList={false}
          disabled={busy}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
          data-testid="import-upload"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{t('members.import.drop')}</p>
          <Typography.Text type="secondary">{t('members.import.dropHelp')}</Typography.Text>
        </Upload.Dragger>
      </Card>
      {job && job.status === 'parsing' && (
        <Card>
          <Progress percent={job.total ? Math.floor((job.done / job.total) * 100) : 0} status="active" />
          <Typography.Text>
            {t(job.phase === 'parse' ? 'members.import.parsing' : 'members.import.checking', {
              done: job.done,
              total: job.total,
            })}
          </Typography.Text>
        </Card>
      )}
      {job?.status === 'failed' && <Alert type="error" message={job.error} />}
      {preview && job?.status !== 'committed' && (
        <Card title={t('members.import.result')} data-testid="import-preview">
          {preview.fatal && <Alert type="error" message={preview.fatal} />}
          {preview.alreadyImported && (
            <Alert
              type="warning"
              message={t('members.import.already', {
                at: preview.alreadyImported.at.slice(0, 19).replace('T', ' '),
                n: preview.alreadyImported.rowCount,
              })}
            />
          )}
          {!preview.fatal && !preview.alreadyImported && (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Alert
                type={preview.errors.length ? 'error' : 'success'}
                message={
                  preview.errors.length
                    ? t('members.import.summary.errors', { total: preview.total, n: preview.errors.length })
                    : t('members.import.summary.ok', { total: preview.total, added: preview.added }) +
                      (preview.mode === 'update'
                        ? t('members.import.summary.updates', {
                            changed: preview.changes.length,
                            unchanged: preview.unchanged,
                          })
                        : '')
                }
                data-testid="import-summary"
              />
              {preview.warnings.length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  data-testid="import-warnings"
                  message={t('members.import.warnings', { n: preview.warnings.length })}
                  description={
                    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                      {preview.warnings.map((w) => (
                        <li key={`${w.code}-${w.sheet ?? ''}-${w.column ?? ''}`}>{w.message}</li>
                      ))}
                    </ul>
                  }
                />
              )}
              {preview.skipped.length > 0 && (
                <Alert
                  type="info"
                  showIcon
                  data-testid="import-skipped"
                  message={t('members.import.skipped', { n: preview.skipped.length })}
                  description={
                    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                      {preview.skipped.slice(0, 20).map((r: SkippedRow) => (
                        <li key={`${r.sheet ?? ''}-${r.row}`}>
                          {rowPlace(t, r)}: {r.reason}
                        </li>
                      ))}
                    </ul>
                  }
                />
              )}
              {preview.errors.length > 0 && (
                <Table<RowError>
                  rowKey={(e) => `${e.sheet ?? ''}-${e.row}-${e.column}-${e.code}`}
                  size="small"
                  dataSource={preview.errors}
                  pagination={{ pageSize: 20 }}
                  scroll={{ x: 'max-content' }}
                  data-testid="import-errors"
                  columns={[
                    {
                      title: t('members.import.col.place'),
                      key: 'row',
                      width: 110,
                      render: (_: unknown, e) => rowPlace(t, e),
                    },
                    { title: t('members.import.col.column'), dataIndex: 'column', width: 160 },
                    { title: t('members.import.col.problem'), dataIndex: 'message' },
                  ]}
                />
              )}
              {preview.changes.length > 0 && (
                <Table<MemberChange>
                  title={() => (
                    <Typography.Text strong>
                      {t('members.import.changes', { n: preview.changes.length })}
                    </Typography.Text>
                  )}
                  rowKey={(c) => c.memberId}
                  size="small"
                  dataSource={preview.changes}
                  pagination={{ pageSize: 10 }}
                  data-testid="import-changes"
                  columns={[
                    {
                      title: t('members.import.col.place'),
                      key: 'row',
                      width: 90,
                      render: (_: unknown, c) => rowPlace(t, c),
                    },
                    { title: t('members.field.name'), dataIndex: 'name', width: 90 },
                    {
                      title: t('members.import.col.change'),
                      key: 'fields',
                      render: (_: unknown, c) => (
                        <Space direction="vertical" size={0}>
                          {c.fields.map((f) => (
                            <span key={f.field}>
                              <Tag>{f.column}</Tag>
                              <Typography.Text delete type="secondary">
                                {f.old ?? t('members.import.empty')}
                              </Typography.Text>
                              {' → '}
                              <Typography.Text strong>{f.new}</Typography.Text>
                            </span>
                          ))}
                        </Space>
                      ),
                    },
                  ]}
                />
              )}
              {preview.errors.length === 0 && preview.sample.length > 0 && (
                <Table
                  title={() => (
                    <Typography.Text strong>
                      {t('members.import.sample', { n: preview.sample.length })}
                    </Typography.Text>
                  )}
                  rowKey={(r) => `${r.sheet ?? ''}-${r.row}`}
                  size="small"
                  dataSource={preview.sample}
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  data-testid="import-sample"
                  columns={[
                    {
                      title: t('members.import.col.place'),
                      key: 'row',
                      width: 90,
                      render: (_: unknown, r) => rowPlace(t, r),
                    },
                    { title: t('members.field.name'), dataIndex: 'name', width: 90 },
                    { title: t('members.field.idNumber'), dataIndex: 'idNumber', width: 180 },
                    { title: t('members.field.org'), dataIndex: 'orgName' },
                  ]}
                />
              )}
              {preview.errors.length === 0 && (
                <Button type="primary" loading={busy} onClick={commit} data-testid="import-commit">
                  {preview.mode === 'update'
                    ? t('members.import.commitUpdate', {
                        added: preview.added,
                        changed: preview.changes.length,
                      })
                    : t('members.import.commit', { n: preview.ok })}
                </Button>
              )}
            </Space>
          )}
        </Card>
      )}
      {job?.status === 'committed' && job.result && (
        <Result
          status="success"
          title={
            t('members.import.done', { n: job.result.imported }) +
            (job.result.updated ? t('members.import.doneUpdated', { n: job.result.updated }) : '')
          }
          extra={<Link to={`/members?orgId=${orgId}`}>{t('members.import.openRegister')}</Link>}
          data-testid="import-done"
        />
      )}
    </Space>
  );
}
