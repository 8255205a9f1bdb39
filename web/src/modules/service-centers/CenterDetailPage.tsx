import { LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import {
  Badge,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Grid,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Tabs,
  Tag,
  TimePicker,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import { errorText, showFormError } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import {
  BOOKING_COLORS,
  type Booking,
  type CenterDetail,
  centersApi,
  hoursSummary,
  localParts,
  ROOM_KINDS,
  type RoomKind,
  toInstant,
  type WEEKDAYS,
} from './api.ts';

interface BookingForm {
  date: Dayjs;
  startsAt: Dayjs;
  endsAt: Dayjs;
  title: string;
  attendees: number;
  linkedType: 'none' | 'meeting' | 'activity';
  linkedId?: number;
}

interface RoomForm {
  name: string;
  kind: RoomKind;
  capacity: number;
  requiresApproval: boolean;
}

type Transition = 'approve' | 'reject' | 'check-in' | 'no-show' | 'cancel';

/** One centre: its catalogue and hours, its rooms, and a week of bookings per room. */
export default function CenterDetailPage() {
  const t = useT();
  const id = Number(useParams().id);
  const message = useMessage();
  const screens = Grid.useBreakpoint();
  const [center, setCenter] = useState<CenterDetail | null>(null);
  const [roomId, setRoomId] = useState<number | null>(null);
  const [week, setWeek] = useState<Dayjs>(() => dayjs().startOf('day'));
  const [bookings, setBookings] = useState<Booking[]>([]);
  const [booking, setBooking] = useState(false);
  const [addingRoom, setAddingRoom] = useState(false);
  const [rejecting, setRejecting] = useState<Booking | null>(null);
  const [bookForm] = Form.useForm<BookingForm>();
  const [roomForm] = Form.useForm<RoomForm>();
  const [noteForm] = Form.useForm<{ note?: string }>();
  const day = (d: string) => t(`service-centers.day.${d}`);

  const loadCenter = useCallback(async () => {
    const { data } = await centersApi.get({ params: { id } });
    setCenter(data);
    setRoomId((current) => current ?? data.rooms.find((r) => r.active)?.id ?? null);
  }, [id]);

  const loadBookings = useCallback(async () => {
    const from = toInstant(week.format('YYYY-MM-DD'), '00:00');
    const to = toInstant(week.add(7, 'day').format('YYYY-MM-DD'), '00:00');
    const { data } = await centersApi.bookings({ params: { id }, query: { from, to } });
    setBookings(data);
  }, [id, week]);

  useEffect(() => {
    loadCenter().catch((e) => message.error(errorText(e)));
  }, [loadCenter, message]);
  useEffect(() => {
    loadBookings().catch((e) => message.error(errorText(e)));
  }, [loadBookings, message]);

  const room = center?.rooms.find((r) => r.id === roomId) ?? null;
  const days = useMemo(() => Array.from({ length: 7 }, (_, i) => week.add(i, 'day')), [week]);
  const pendingByRoom = useMemo(() => {
    const counts = new Map<number, number>();
    for (const b of bookings)
      if (b.status === 'pending') counts.set(b.roomId, (counts.get(b.roomId) ?? 0) + 1);
    return counts;
  }, [bookings]);

  const transition = async (b: Booking, verb: Transition, note?: string) => {
    try {
      await centersApi[verb]({ params: { id: b.id }, body: note ? { note } : {} });
      message.success(t('service-centers.done'));
      await loadBookings();
    } catch (error) {
      message.error(errorText(error));
    }
  };

  const book = async (values: BookingForm) => {
    if (!room) return;
    const date = values.date.format('YYYY-MM-DD');
    try {
      const { data } = await centersApi.book({
        params: { id: room.id },
        body: {
          title: values.title,
          startsAt: toInstant(date, values.startsAt.format('HH:mm')),
          endsAt: toInstant(date, values.endsAt.format('HH:mm')),
          attendees: values.attendees,
          ...(values.linkedType !== 'none' && values.linkedId
            ? { linkedType: values.linkedType, linkedId: values.linkedId }
            : {}),
        },
      });
      message.success(
        t(data.status === 'pending' ? 'service-centers.bookedPending' : 'service-centers.booked'),
      );
      setBooking(false);
      bookForm.resetFields();
      if (values.date.isBefore(week) || !values.date.isBefore(week.add(7, 'day'))) {
        setWeek(values.date.startOf('day'));
      }
      await loadBookings();
    } catch (error) {
      showFormError(bookForm, error, message);
    }
  };

  const addRoom = async (values: RoomForm) => {
    try {
      const { data } = await centersApi.addRoom({ params: { id }, body: values });
      message.success(t('service-centers.created'));
      setAddingRoom(false);
      roomForm.resetFields();
      setRoomId(data.id);
      await loadCenter();
    } catch (error) {
      showFormError(roomForm, error, message);
    }
  };

  if (!center) return <Card loading />;
  const canApprove = center.abilities.approve;

  const bookingItem = (b: Booking) => {
    const start = localParts(b.startsAt).time;
    const end = localParts(b.endsAt).time;
    const actions: ReactNode[] = [];
    // Buttons follow the booking's abilities (state, time window and who, checked on the server).
    if (b.abilities.approve) {
      actions.push(
        <Button key="approve" size="small" type="primary" onClick={() => transition(b, 'approve')}>
          {t('service-centers.action.approve')}
        </Button>,
      );
    }
    if (b.abilities.reject) {
      actions.push(
        <Button key="reject" size="small" onClick={() => setRejecting(b)}>
          {t('service-centers.action.reject')}
        </Button>,
      );
    }
    if (b.abilities.checkIn) {
      actions.push(
        <Button key="check-in" size="small" type="primary" onClick={() => transition(b, 'check-in')}>
          {t('service-centers.action.checkIn')}
        </Button>,
      );
    }
    if (b.abilities.noShow) {
      actions.push(
        <Button key="no-show" size="small" danger onClick={() => transition(b, 'no-show')}>
          {t('service-centers.action.noShow')}
        </Button>,
      );
    }
    if (b.abilities.cancel) {
      actions.push(
        <Popconfirm
          key="cancel"
          title={t('service-centers.action.cancelConfirm')}
          onConfirm={() => transition(b, 'cancel')}
        >
          <Button size="small">{t('service-centers.action.cancel')}</Button>
        </Popconfirm>,
      );
    }
    return (
      <List.Item key={b.id} data-testid={`booking-${b.id}`}>
        <div style={{ width: '100%' }}>
          <Space wrap size={[8, 4]}>
            <Typography.Text strong>
              {start}–{end}
            </Typography.Text>
            <Typography.Text>{b.title}</Typography.Text>
            <Tag color={BOOKING_COLORS[b.status]}>{t(`service-centers.status.${b.status}`)}</Tag>
            {b.mine ? <Tag color="purple">{t('service-centers.detail.mine')}</Tag> : null}
          </Space>
          <div>
            <Typography.Text type="secondary">
              {t('service-centers.detail.persons', { n: b.attendees })}
              {b.bookedByName !== '—' ? ` · ${t('service-centers.field.bookedBy')}：${b.bookedByName}` : ''}
              {b.linkedType ? ` · ${t(`service-centers.linked.${b.linkedType}`)} #${b.linkedId}` : ''}
              {b.decisionNote ? ` · ${t('service-centers.field.note')}：${b.decisionNote}` : ''}
            </Typography.Text>
          </div>
          {actions.length ? (
            <Space wrap style={{ marginTop: 6 }}>
              {actions}
            </Space>
          ) : null}
        </div>
      </List.Item>
    );
  };

  const schedule = room ? (
    <>
      <Space wrap style={{ marginBottom: 8, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary">
          {t(`service-centers.kind.${room.kind}`)} · {t('service-centers.field.capacity')} {room.capacity} ·{' '}
          {room.requiresApproval
            ? t('service-centers.detail.needsApproval')
            : t('service-centers.detail.instant')}
        </Typography.Text>
        {center.abilities.book && room.active ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="book-room"
            onClick={() => setBooking(true)}
          >
            {t('service-centers.detail.book')}
          </Button>
        ) : null}
      </Space>
      <Space wrap style={{ marginBottom: 8 }}>
        <Button icon={<LeftOutlined />} onClick={() => setWeek(week.subtract(7, 'day'))}>
          {screens.sm ? t('service-centers.detail.prevWeek') : null}
        </Button>
        <Button onClick={() => setWeek(dayjs().startOf('day'))}>
          {t('service-centers.detail.thisWeek')}
        </Button>
        <Button onClick={() => setWeek(week.add(7, 'day'))}>
          {screens.sm ? t('service-centers.detail.nextWeek') : null} <RightOutlined />
        </Button>
        <Typography.Text strong>
          {week.format(t('service-centers.detail.dayFormat'))}–
          {week.add(6, 'day').format(t('service-centers.detail.dayFormat'))}
        </Typography.Text>
      </Space>
      {days.map((d) => {
        const date = d.format('YYYY-MM-DD');
        const weekday = String(((d.day() + 6) % 7) + 1) as (typeof WEEKDAYS)[number];
        const hours = center.openingHours[weekday];
        const items = bookings.filter((b) => b.roomId === room.id && localParts(b.startsAt).date === date);
        const today = date === dayjs().format('YYYY-MM-DD');
        return (
          <div key={date} data-testid={`day-${date}`} style={{ marginBottom: 8 }}>
            <div
              style={{
                background: today ? '#fff1f0' : '#fafafa',
                borderLeft: `3px solid ${today ? '#c41d1d' : '#d9d9d9'}`,
                padding: '4px 8px',
              }}
            >
              <Space wrap>
                <Typography.Text strong>
                  {d.format(t('service-centers.detail.dayFormat'))} {day(weekday)}
                </Typography.Text>
                {today ? <Tag color="red">{t('service-centers.detail.today')}</Tag> : null}
                <Typography.Text type="secondary">
                  {hours ? `${hours[0]}–${hours[1]}` : t('service-centers.field.closed')}
                </Typography.Text>
              </Space>
            </div>
            {items.length ? (
              <List size="small" dataSource={items} renderItem={bookingItem} />
            ) : hours ? (
              <Typography.Text type="secondary" style={{ display: 'block', padding: '6px 11px' }}>
                {t('service-centers.detail.noBookings')}
              </Typography.Text>
            ) : null}
          </div>
        );
      })}
    </>
  ) : (
    <Empty />
  );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={center.name} extra={<Typography.Text type="secondary">{center.orgName}</Typography.Text>}>
        <Descriptions size="small" column={screens.md ? 2 : 1}>
          <Descriptions.Item label={t('service-centers.field.address')}>
            {center.address ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('service-centers.field.phone')}>
            {center.phone ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('service-centers.field.hours')} span={2}>
            {hoursSummary(center.openingHours, day).join('；')}
          </Descriptions.Item>
          <Descriptions.Item label={t('service-centers.field.catalogue')} span={2}>
            <div>
              {center.catalogue.map((item) => (
                <Tag key={item.name} color="red" style={{ marginBottom: 4 }} title={item.description}>
                  {item.name}
                  {item.description && screens.md ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {' '}
                      {item.description}
                    </Typography.Text>
                  ) : null}
                </Tag>
              ))}
            </div>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title={t('service-centers.detail.bookings')}
        extra={
          center.abilities.manage ? (
            <Button icon={<PlusOutlined />} onClick={() => setAddingRoom(true)}>
              {t('service-centers.detail.addRoom')}
            </Button>
          ) : null
        }
      >
        <Tabs
          activeKey={roomId ? String(roomId) : undefined}
          onChange={(k) => setRoomId(Number(k))}
          items={center.rooms
            .filter((r) => r.active)
            .map((r) => ({
              key: String(r.id),
              label: (
                <Badge count={canApprove ? (pendingByRoom.get(r.id) ?? 0) : 0} size="small" offset={[8, -2]}>
                  {r.name}
                </Badge>
              ),
            }))}
        />
        {schedule}
      </Card>

      <Modal
        open={booking}
        title={`${t('service-centers.detail.book')} · ${room?.name ?? ''}`}
        onCancel={() => setBooking(false)}
        onOk={() => bookForm.submit()}
        destroyOnHidden
      >
        <Form
          form={bookForm}
          layout="vertical"
          onFinish={book}
          initialValues={{ date: dayjs().add(1, 'day'), attendees: 10, linkedType: 'none' }}
        >
          <Form.Item
            name="title"
            label={t('service-centers.field.title')}
            rules={[{ required: true, min: 2 }]}
          >
            <Input maxLength={60} data-testid="booking-title" />
          </Form.Item>
          <Form.Item name="date" label={t('service-centers.field.date')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs().startOf('day'))} />
          </Form.Item>
          <Row gutter={8}>
            <Col xs={24} sm={12}>
              <Form.Item
                name="startsAt"
                label={t('service-centers.field.startsAt')}
                rules={[{ required: true }]}
              >
                <TimePicker format="HH:mm" minuteStep={15} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="endsAt" label={t('service-centers.field.endsAt')} rules={[{ required: true }]}>
                <TimePicker format="HH:mm" minuteStep={15} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="attendees"
            label={t('service-centers.field.attendees')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={2000} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="linkedType" label={t('service-centers.field.linkedType')}>
            <Select
              options={(['none', 'meeting', 'activity'] as const).map((v) => ({
                value: v,
                label: t(`service-centers.linked.${v}`),
              }))}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.linkedType !== b.linkedType}>
            {({ getFieldValue }) =>
              getFieldValue('linkedType') !== 'none' ? (
                <Form.Item
                  name="linkedId"
                  label={t('service-centers.field.linkedId')}
                  rules={[{ required: true }]}
                >
                  <InputNumber min={1} style={{ width: '100%' }} />
                </Form.Item>
              ) : null
            }
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={addingRoom}
        title={t('service-centers.detail.addRoom')}
        onCancel={() => setAddingRoom(false)}
        onOk={() => roomForm.submit()}
        destroyOnHidden
      >
        <Form
          form={roomForm}
          layout="vertical"
          onFinish={addRoom}
          initialValues={{ kind: 'activity_room', capacity: 30, requiresApproval: true }}
        >
          <Form.Item name="name" label={t('service-centers.field.roomName')} rules={[{ required: true }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="kind" label={t('service-centers.field.kind')}>
            <Select options={ROOM_KINDS.map((k) => ({ value: k, label: t(`service-centers.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="capacity" label={t('service-centers.field.capacity')} rules={[{ required: true }]}>
            <InputNumber min={1} max={2000} />
          </Form.Item>
          <Form.Item
            name="requiresApproval"
            label={t('service-centers.field.requiresApproval')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={rejecting !== null}
        title={t('service-centers.action.rejectTitle')}
        onCancel={() => setRejecting(null)}
        onOk={async () => {
          const { note } = await noteForm.validateFields();
          if (rejecting) await transition(rejecting, 'reject', note);
          setRejecting(null);
          noteForm.resetFields();
        }}
        destroyOnHidden
      >
        <Form form={noteForm} layout="vertical">
          <Form.Item name="note" label={t('service-centers.field.note')}>
            <Input.TextArea maxLength={200} rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
