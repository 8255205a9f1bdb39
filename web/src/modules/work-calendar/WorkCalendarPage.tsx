import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useMemo, useState } from 'react';
import { workCalendarEndpoints } from '../../../../server/src/modules/work-calendar/work-calendar.contract.ts';
import { ApiError } from '../../shared/api.ts';
import { type Answer, createClient } from '../../shared/client.ts';
import { errorText } from '../../shared/errors.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { useMessage } from '../../shared/message.ts';
import { useList } from '../../shared/useList.ts';

const calendarApi = createClient(workCalendarEndpoints);
type YearRow = Answer<typeof workCalendarEndpoints.years>['data'][number];
type Year = Answer<typeof workCalendarEndpoints.year>['data'];
interface Parsed {
  year?: number;
  source: string;
  days: { date: string; isWorkday: boolean; name: string }[];
}

/** The system administrator loads each year's holiday and make-up-workday notice as data. */
export default function WorkCalendarPage() {
  const t = useT();
  const message = useMessage();
  const list = useList<YearRow>((_, signal) => calendarApi.years({ signal }));
  const years = list.rows;
  const [shown, setShown] = useState<Year | null>(null);
  const [open, setOpen] = useState(false);
  const [year, setYear] = useState<number>(new Date().getFullYear() + 1);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const parsed = useMemo((): { value?: Parsed; error?: string } => {
    if (!text.trim()) return {};
    try {
      const json = JSON.parse(text) as Partial<Parsed>;
      if (typeof json.source !== 'string' || !Array.isArray(json.days))
        return { error: t('work-calendar.missing') };
      return { value: json as Parsed };
    } catch (error) {
      return { error: t('work-calendar.invalid', { message: errorText(error) }) };
    }
  }, [text, t]);

  const pickFile = async (file: File) => {
    const content = await file.text();
    setText(content);
    setErrors([]);
    try {
      const y = (JSON.parse(content) as { year?: unknown }).year;
      if (typeof y === 'number') setYear(y);
    } catch {
      // shown by the preview
    }
    return false;
  };

  const upload = async () => {
    if (!parsed.value) return;
    setBusy(true);
    setErrors([]);
    try {
      const { year: fileYear, source, days } = parsed.value;
      await calendarApi.upload({
        params: { year },
        body: { ...(fileYear ? { year: fileYear } : {}), source, days },
      });
      message.success(t('work-calendar.uploaded', { year }));
      setOpen(false);
      setText('');
      list.reload();
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fields).length) {
        setErrors(Object.entries(error.fields).map(([k, v]) => `${k}：${v}`));
      } else setErrors([errorText(error)]);
    } finally {
      setBusy(false);
    }
  };

  const show = async (y: number) => {
    try {
      const { data } = await calendarApi.year({ params: { year: y } });
      setShown(data);
    } catch (error) {
      message.error(errorText(error));
    }
  };

  const nextYear = new Date().getFullYear() + 1;
  const rest = parsed.value?.days.filter((d) => !d.isWorkday).length ?? 0;
  const work = parsed.value?.days.filter((d) => d.isWorkday).length ?? 0;

  return (
    <ListPage<YearRow, Record<string, never>>
      title={t('work-calendar.title')}
      intro={t('work-calendar.intro')}
      actions={
        <Button
          type="primary"
          icon={<UploadOutlined />}
          onClick={() => setOpen(true)}
          data-testid="calendar-upload"
        >
          {t('work-calendar.upload')}
        </Button>
      }
      notice={
        years.length && !years.some((y) => y.year === nextYear) ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('work-calendar.missingYear', { year: nextYear })}
          />
        ) : null
      }
      list={list}
      rowKey={(r) => r.year}
      columns={[
        { title: t('work-calendar.year'), dataIndex: 'year', width: 90 },
        { title: t('work-calendar.source'), dataIndex: 'source' },
        { title: t('work-calendar.dayCount'), dataIndex: 'dayCount', width: 110 },
        {
          title: t('work-calendar.loadedAt'),
          key: 'loadedAt',
          width: 160,
          render: (_: unknown, r) => formatDateTime(r.loadedAt),
        },
        {
          title: t('common.table.actions'),
          key: 'actions',
          width: 80,
          render: (_: unknown, r) => (
            <Typography.Link onClick={() => show(r.year)}>{t('work-calendar.view')}</Typography.Link>
          ),
        },
      ]}
    >
      {shown ? (
        <Card size="small" title={`${shown.year} · ${shown.source}`} style={{ marginTop: 16 }}>
          <Table
            rowKey="date"
            size="small"
            dataSource={shown.days}
            pagination={false}
            scroll={{ y: 360 }}
            columns={[
              { title: t('work-calendar.date'), dataIndex: 'date', width: 120 },
              {
                title: t('work-calendar.weekday'),
                dataIndex: 'date',
                key: 'weekday',
                width: 90,
                render: (d: string) => t(`work-calendar.weekday.${new Date(`${d}T00:00:00Z`).getUTCDay()}`),
              },
              {
                title: t('work-calendar.kind'),
                dataIndex: 'isWorkday',
                width: 120,
                render: (w: boolean) =>
                  w ? (
                    <Tag color="blue">{t('work-calendar.workday')}</Tag>
                  ) : (
                    <Tag color="red">{t('work-calendar.rest')}</Tag>
                  ),
              },
              { title: t('work-calendar.name'), dataIndex: 'name' },
            ]}
          />
        </Card>
      ) : null}
      <Modal
        open={open}
        title={t('work-calendar.upload')}
        onCancel={() => setOpen(false)}
        onOk={upload}
        okButtonProps={{ disabled: !parsed.value, loading: busy }}
        width={640}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item label={t('work-calendar.year')} required>
            <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
          </Form.Item>
          <Form.Item label={t('work-calendar.file')}>
            <Upload
              accept=".json,application/json"
              maxCount={1}
              beforeUpload={pickFile}
              showUploadList={false}
            >
              <Button icon={<UploadOutlined />}>{t('work-calendar.pick')}</Button>
            </Upload>
          </Form.Item>
          <Form.Item label={t('work-calendar.paste')}>
            <Input.TextArea
              rows={8}
              value={text}
              onChange={(e) => setText(e.target.value)}
              data-testid="calendar-json"
              style={{ fontFamily: 'monospace', fontSize: 12 }}
            />
          </Form.Item>
        </Form>
        <Space direction="vertical" style={{ width: '100%' }}>
          {years.some((y) => y.year === year) ? (
            <Alert type="info" showIcon message={t('work-calendar.replaces', { year })} />
          ) : null}
          {parsed.error ? <Alert type="error" showIcon message={parsed.error} /> : null}
          {parsed.value ? (
            <Alert
              type="success"
              showIcon
              message={t('work-calendar.preview', { n: parsed.value.days.length, rest, work })}
              description={parsed.value.source}
            />
          ) : null}
          {errors.length ? (
            <Alert
              type="error"
              showIcon
              message={errors[0]}
              description={errors.length > 1 ? errors.slice(1).join('\n') : undefined}
            />
          ) : null}
        </Space>
      </Modal>
    </ListPage>
  );
}
