import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Result, Space, Steps, Table, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { downloadUrl } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { type ImportJob, membersApi, type RowError } from './api.ts';

/** `/member-import`: template → upload → preview with row errors and progress → commit. */
export default function ImportPage() {
  const t = useT();
  const { me } = useSession();
  const message = useMessage();
  const [orgId, setOrgId] = useState<number | undefined>(me?.scopes[0]?.id);
  const [job, setJob] = useState<ImportJob | null>(null);
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
        const next = (await membersApi.job(id)).data;
        setJob(next);
        if (next.status === 'parsing') poll(id);
      } catch (e) {
        message.error(errorText(e));
      }
    }, 400);
  };
  const upload = async (file: File) => {
    if (!orgId) return message.error('请先选择导入到哪个党组织');
    setBusy(true);
    try {
      const started = await membersApi.upload(orgId, file);
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
      setJob((await membersApi.commit(job.id)).data);
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
          items={[{ title: '上传文件' }, { title: '检查预览' }, { title: '导入完成' }]}
          style={{ marginBottom: 16 }}
        />
        <Space wrap style={{ marginBottom: 16 }}>
          <span>导入到：</span>
          <OrgPicker value={orgId} onChange={setOrgId} />
          <Button
            icon={<DownloadOutlined />}
            href={downloadUrl('/member-imports/template', { format: 'xlsx' })}
          >
            下载模板 (.xlsx)
          </Button>
          <Button
            icon={<DownloadOutlined />}
            href={downloadUrl('/member-imports/template', { format: 'csv' })}
          >
            下载模板 (.csv)
          </Button>
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
          <p>把 .xlsx 或 .csv 文件拖到这里，或点击选择（最大 20 MB，20 万行）</p>
          <Typography.Text type="secondary">
            文件会先检查，全部无误才能导入；导入要么全部成功，要么一个也不导入。
          </Typography.Text>
        </Upload.Dragger>
      </Card>
      {job && job.status === 'parsing' && (
        <Card>
          <Progress percent={job.total ? Math.floor((job.done / job.total) * 100) : 0} status="active" />
          <Typography.Text>
            {job.phase === 'parse' ? '正在解析' : '正在核对'}：{job.done}/{job.total}
          </Typography.Text>
        </Card>
      )}
      {job?.status === 'failed' && <Alert type="error" message={job.error} />}
      {preview && job?.status !== 'committed' && (
        <Card title="检查结果" data-testid="import-preview">
          {preview.fatal && <Alert type="error" message={preview.fatal} />}
          {preview.alreadyImported && (
            <Alert
              type="warning"
              message={`此文件已于 ${preview.alreadyImported.at.slice(0, 19).replace('T', ' ')} 导入 ${preview.alreadyImported.rowCount} 人，不会重复导入`}
            />
          )}
          {!preview.fatal && !preview.alreadyImported && (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Alert
                type={preview.errors.length ? 'error' : 'success'}
                message={
                  preview.errors.length
                    ? `共 ${preview.total} 行，发现 ${preview.errors.length} 处错误：请修改文件后重新上传`
                    : `共 ${preview.total} 行，全部通过检查`
                }
                data-testid="import-summary"
              />
              {preview.errors.length > 0 && (
                <Table<RowError>
                  rowKey={(e) => `${e.row}-${e.column}-${e.code}`}
                  size="small"
                  dataSource={preview.errors}
                  pagination={{ pageSize: 20 }}
                  data-testid="import-errors"
                  columns={[
                    { title: '行号', dataIndex: 'row', width: 70 },
                    { title: '列', dataIndex: 'column', width: 140 },
                    { title: '问题', dataIndex: 'message' },
                  ]}
                />
              )}
              {preview.errors.length === 0 && (
                <Button type="primary" loading={busy} onClick={commit} data-testid="import-commit">
                  确认导入 {preview.ok} 人
                </Button>
              )}
            </Space>
          )}
        </Card>
      )}
      {job?.status === 'committed' && job.result && (
        <Result
          status="success"
          title={`已导入 ${job.result.imported} 人`}
          extra={<Link to={`/members?orgId=${orgId}`}>查看党员名册</Link>}
          data-testid="import-done"
        />
      )}
    </Space>
  );
}
