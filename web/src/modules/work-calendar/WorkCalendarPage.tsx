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
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { z } from 'zod';
import type {
  calendarYearListSchema,
  calendarYearSchema,
} from '../../../../server/src/modules/work-calendar/work-calendar.contract.ts';
import { ApiError, api } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';

type YearRow = z.infer<typeof calendarYearListSchema>['data'][number];
type Year = z.infer<typeof calendarYearSchema>;
interface Parsed {
  year?: number;
  source: string;
  days: { date: string; isWorkday: boolean; name: string }[];
}

/** The system administrator loads each year's holiday and make-up-workday notice as data. */
export default function WorkCalendarPage() {
  const t = useT();
  const message = useMessage();
  const [years, setYears] = useState<YearRow[]>([]);
  const [shown, setShown] = useState<Year | null>(null);
  const [open, setOpen] = useState(false);
  const [year, setYear] = useState<number>(new Date().getFullYear() + 1);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const res = await api.get<{ data: YearRow[] }>('/work-calendar/years');
    setYears(res.data);
  }, []);
  useEffect(() => {
    load().catch((e) => message.error(errorText(e)));
  }, [load, message]);

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
      await api.put(`/work-calendar/years/${year}`, {
        ...(fileYear ? { year: fileYear } : {}),
        source,
        days,
      });
      message.success(t('work-calendar.uploaded', { year }));
      setOpen(false);
      setText('');
      await load();
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
      const { data } = await api.get<{ data: Year }>(`/work-calendar/years/${y}`);
      setShown(data);
    } catch (error) {
      message.error(errorText(error));
    }
  };

  const nextYear = new Date().getFullYear() + 1;
  const rest = parsed.value?.days.filter((d) => !d.isWorkday).length ?? 0;
  const work = parsed.value?.days.filter((d) => d.isWorkday).length ?? 0;

  return (
    <Card
      title={t('work-calendar.title')}
      extra={
        <Button
          type="primary"
          icon={<UploadOutlined />}
          onClick={() => setOpen(true)}
          data-testid="calendar-upload"
        >
          {t('work-calendar.upload')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('work-calendar.intro')}</Typography.Paragraph>
      {years.length && !years.some((y) => y.year === nextYear) ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('work-calendar.missingYear', { year: nextYear })}
        />
      ) : null}
      <Table<YearRow>
        rowKey="year"
        size="small"
        dataSource={years}
        pagination={false}
        columns={[
          { title: t('work-calendar.year'), dataIndex: 'year', width: 90 },
          { title: t('work-calendar.source'), dataIndex: 'source' },
          { title: t('work-calendar.dayCount'), dataIndex: 'dayCount', width: 110 },
          {
            title: t('work-calendar.loadedAt'),
            dataIndex: 'loadedAt',
            width: 160,
            render: (v: string) => formatDateTime(v),
          },
          {
            title: t('common.table.actions'),
            width: 80,
            render: (_: unknown, r) => (
              <Typography.Link onClick={() => show(r.year)}>{t('work-calendar.view')}</Typography.Link>
            ),
          },
        ]}
      />
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
    </Card>
  );
}
