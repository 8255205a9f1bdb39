import { EnvironmentOutlined, PhoneOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Tag,
  TimePicker,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { errorText, showFormError } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import { OrgPicker } from '../../shared/OrgPicker.tsx';
import { type Center, centersApi, hoursSummary, type OpeningHours, WEEKDAYS } from './api.ts';

interface CenterForm {
  orgId: number;
  name: string;
  address?: string;
  phone?: string;
  hours: Partial<Record<(typeof WEEKDAYS)[number], [Dayjs, Dayjs] | null>>;
  catalogue: string[];
  noShowGraceMinutes: number;
}

const DEFAULT_HOURS = Object.fromEntries(
  WEEKDAYS.map((d) => [d, Number(d) <= 5 ? [dayjs('08:30', 'HH:mm'), dayjs('17:30', 'HH:mm')] : null]),
) as CenterForm['hours'];

/** Centres in the caller's scope: what each offers and when it is open; officials add centres. */
export default function CentersPage() {
  const t = useT();
  const { can } = useSession();
  const message = useMessage();
  const navigate = useNavigate();
  const [rows, setRows] = useState<Center[] | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<CenterForm>();
  const day = (d: string) => t(`service-centers.day.${d}`);

  const load = useCallback(async () => {
    const res = await centersApi.list();
    setRows(res.data);
  }, []);
  useEffect(() => {
    load().catch((e) => message.error(errorText(e)));
  }, [load, message]);

  const create = async (values: CenterForm) => {
    const openingHours: OpeningHours = {};
    for (const d of WEEKDAYS) {
      const range = values.hours?.[d];
      if (range) openingHours[d] = [range[0].format('HH:mm'), range[1].format('HH:mm')];
    }
    try {
      const { data } = await centersApi.create({
        params: { id: values.orgId },
        body: {
          name: values.name,
          address: values.address || null,
          phone: values.phone || null,
          openingHours,
          catalogue: (values.catalogue ?? []).map((name) => ({ name })),
          noShowGraceMinutes: values.noShowGraceMinutes,
        },
      });
      message.success(t('service-centers.created'));
      setCreating(false);
      form.resetFields();
      navigate(`/service-centers/${data.id}`);
    } catch (error) {
      showFormError(form, error, message);
    }
  };

  return (
    <Card
      title={t('service-centers.list.title')}
      extra={
        can('service_centers.manage') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('service-centers.list.new')}
          </Button>
        ) : null
      }
    >
      {rows !== null && rows.length === 0 ? <Empty description={t('service-centers.list.empty')} /> : null}
      <Row gutter={[16, 16]} data-testid="centers">
        {(rows ?? []).map((c) => (
          <Col key={c.id} xs={24} md={12} xl={8}>
            <Card
              size="small"
              title={<Link to={`/service-centers/${c.id}`}>{c.name}</Link>}
              extra={<Typography.Text type="secondary">{c.orgName}</Typography.Text>}
              actions={[
                <Link key="rooms" to={`/service-centers/${c.id}`}>
                  {t('service-centers.list.rooms')}
                </Link>,
              ]}
              style={{ height: '100%' }}
            >
              <Space direction="vertical" size={6} style={{ width: '100%' }}>
                {c.address ? (
                  <Typography.Text>
                    <EnvironmentOutlined /> {c.address}
                  </Typography.Text>
                ) : null}
                {c.phone ? (
                  <Typography.Text>
                    <PhoneOutlined /> {c.phone}
                  </Typography.Text>
                ) : null}
                <div>
                  <Typography.Text type="secondary">{t('service-centers.field.hours')}：</Typography.Text>
                  {hoursSummary(c.openingHours, day).join('；')}
                </div>
                <div>
                  {c.catalogue.map((item) => (
                    <Tag key={item.name} color="red" style={{ marginBottom: 4 }}>
                      {item.name}
                    </Tag>
                  ))}
                </div>
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
      <Modal
        open={creating}
        title={t('service-centers.list.new')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        width={620}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={create}
          initialValues={{ hours: DEFAULT_HOURS, catalogue: [], noShowGraceMinutes: 15 }}
        >
          <Form.Item name="orgId" label={t('service-centers.field.org')} rules={[{ required: true }]}>
            <OrgPicker />
          </Form.Item>
          <Form.Item name="name" label={t('service-centers.field.name')} rules={[{ required: true, min: 2 }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} sm={14}>
              <Form.Item name="address" label={t('service-centers.field.address')}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={10}>
              <Form.Item name="phone" label={t('service-centers.field.phone')}>
                <Input maxLength={30} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label={t('service-centers.field.hours')} required>
            {WEEKDAYS.map((d) => (
              <Space key={d} style={{ display: 'flex', marginBottom: 6 }}>
                <span style={{ display: 'inline-block', width: 40 }}>{day(d)}</span>
                <Form.Item name={['hours', d]} noStyle>
                  <TimePicker.RangePicker
                    format="HH:mm"
                    minuteStep={15}
                    placeholder={[t('service-centers.field.closed'), t('service-centers.field.closed')]}
                  />
                </Form.Item>
              </Space>
            ))}
          </Form.Item>
          <Form.Item name="catalogue" label={t('service-centers.field.catalogue')}>
            <Select mode="tags" placeholder={t('service-centers.field.cataloguePlaceholder')} open={false} />
          </Form.Item>
          <Form.Item name="noShowGraceMinutes" label={t('service-centers.field.grace')}>
            <InputNumber min={0} max={240} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
