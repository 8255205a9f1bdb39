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
import { useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import {
  type ImportJob,
  type ImportMode,
  type MemberChange,
  membersApi,
  type RowError,
  type SkippedRow,
} from './api.ts';

/** Where a row is: "第 3 行", or "工作表“第二网格” 第 3 行" when the workbook has several sheets. */
const rowPlace = (r: { row: number; sheet?: string }) =>
  r.sheet ? `${r.sheet} 第 ${r.row} 行` : `第 ${r.row} 行`;

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
      const started = await membersApi.upload(orgId, file, mode);
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
        <Space wrap style={{ marginBottom: 16 }}>
          <span>导入方式：</span>
          <Radio.Group
            value={mode}
            onChange={(e) => setMode(e.target.value)}
            optionType="button"
            data-testid="import-mode"
            options={[
              { value: 'add', label: '只新增人员' },
              { value: 'update', label: '新增并更新已登记人员' },
            ]}
          />
          <Typography.Text type="secondary">
            {mode === 'update'
              ? '已在本组织登记的人员：只更新有变化且文件中有内容的项目，导入前逐项列出'
              : '文件中的人员都应是尚未登记的'}
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
                    : `共 ${preview.total} 行，全部通过检查：新增 ${preview.added} 人${
                        preview.mode === 'update'
                          ? `，更新 ${preview.changes.length} 人，无变化 ${preview.unchanged} 人`
                          : ''
                      }`
                }
                data-testid="import-summary"
              />
              {preview.warnings.length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  data-testid="import-warnings"
                  message={`以下内容不会导入（共 ${preview.warnings.length} 项），请确认没有需要的信息`}
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
                  message={`已跳过 ${preview.skipped.length} 行（不是人员数据）`}
                  description={
                    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                      {preview.skipped.slice(0, 20).map((r: SkippedRow) => (
                        <li key={`${r.sheet ?? ''}-${r.row}`}>
                          {rowPlace(r)}：{r.reason}
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
                    { title: '位置', key: 'row', width: 110, render: (_: unknown, e) => rowPlace(e) },
                    { title: '列', dataIndex: 'column', width: 160 },
                    { title: '问题', dataIndex: 'message' },
                  ]}
                />
              )}
              {preview.changes.length > 0 && (
                <Table<MemberChange>
                  title={() => (
                    <Typography.Text strong>
                      将更新的已登记人员（{preview.changes.length} 人）
                    </Typography.Text>
                  )}
                  rowKey={(c) => c.memberId}
                  size="small"
                  dataSource={preview.changes}
                  pagination={{ pageSize: 10 }}
                  data-testid="import-changes"
                  columns={[
                    { title: '位置', key: 'row', width: 90, render: (_: unknown, c) => rowPlace(c) },
                    { title: '姓名', dataIndex: 'name', width: 90 },
                    {
                      title: '变更（原 → 新）',
                      key: 'fields',
                      render: (_: unknown, c) => (
                        <Space direction="vertical" size={0}>
                          {c.fields.map((f) => (
                            <span key={f.field}>
                              <Tag>{f.column}</Tag>
                              <Typography.Text delete type="secondary">
                                {f.old ?? '（空）'}
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
                    <Typography.Text strong>新增人员（前 {preview.sample.length} 人）</Typography.Text>
                  )}
                  rowKey={(r) => `${r.sheet ?? ''}-${r.row}`}
                  size="small"
                  dataSource={preview.sample}
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  data-testid="import-sample"
                  columns={[
                    { title: '位置', key: 'row', width: 90, render: (_: unknown, r) => rowPlace(r) },
                    { title: '姓名', dataIndex: 'name', width: 90 },
                    { title: '身份证号', dataIndex: 'idNumber', width: 180 },
                    { title: '所在党组织', dataIndex: 'orgName' },
                  ]}
                />
              )}
              {preview.errors.length === 0 && (
                <Button type="primary" loading={busy} onClick={commit} data-testid="import-commit">
                  {preview.mode === 'update'
                    ? `确认导入：新增 ${preview.added} 人，更新 ${preview.changes.length} 人`
                    : `确认导入 ${preview.ok} 人`}
                </Button>
              )}
            </Space>
          )}
        </Card>
      )}
      {job?.status === 'committed' && job.result && (
        <Result
          status="success"
          title={`已导入 ${job.result.imported} 人${job.result.updated ? `，更新 ${job.result.updated} 人` : ''}`}
          extra={<Link to={`/members?orgId=${orgId}`}>查看党员名册</Link>}
          data-testid="import-done"
        />
      )}
    </Space>
  );
}
