import {
  Alert,
  App as AntApp,
  Badge,
  Button,
  Card,
  Collapse,
  Empty,
  Form,
  Input,
  List,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { api, type Paged } from '../../shared/api.ts';
import { errorText, showFormError } from '../../shared/errors.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';
import {
  type Category,
  type Notification,
  RATINGS,
  type Rating,
  readPhoto,
  type ServiceRequest,
  type ServiceRequestDetail,
  STATUS_COLORS,
} from './api.ts';
import { RequestTimeline } from './RequestTimeline.tsx';

interface SubmitValues {
  categoryId: number;
  title: string;
  description: string;
  location?: string;
}

/**
 * The resident's phone page: their own requests first (photo, every step, the satisfaction visit
 * with a correction window and "not solved"), then a new report, then the notifications.
 */
export default function MyRequestsPage() {
  const t = useT();
  const { me } = useSession();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<SubmitValues>();
  const [categories, setCategories] = useState<Category[]>([]);
  const [mine, setMine] = useState<ServiceRequest[]>([]);
  const [notes, setNotes] = useState<{ data: Notification[]; unread: number }>({ data: [], unread: 0 });
  const [details, setDetails] = useState<Record<number, ServiceRequestDetail>>({});
  const [photo, setPhoto] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const community = me?.roles.find((r) => r.role === 'resident') ?? me?.roles[0];

  const load = useCallback(async () => {
    const [list, n] = await Promise.all([
      api.get<Paged<ServiceRequest>>('/service-requests', { mine: 'true', pageSize: 50 }),
      api.get<{ data: Notification[]; unread: number }>('/service-request-notifications'),
    ]);
    setMine(list.data);
    setNotes(n);
  }, []);

  useEffect(() => {
    api
      .get<{ data: Category[] }>('/service-request-categories')
      .then((r) => setCategories(r.data))
      .catch((e) => message.error(errorText(e)));
    load().catch((e) => message.error(errorText(e)));
  }, [load, message]);

  const open = async (id: number) => {
    const { data } = await api.get<{ data: ServiceRequestDetail }>(`/service-requests/${id}`);
    setDetails((d) => ({ ...d, [id]: data }));
  };

  const submit = async (values: SubmitValues) => {
    if (!community) return;
    setBusy(true);
    try {
      const body = {
        ...values,
        location: values.location || null,
        photo: photo ? await readPhoto(photo, t) : null,
      };
      await api.post(`/orgs/${community.orgId}/service-requests`, body);
      message.success(t('service-requests.mine.submitted'));
      form.resetFields();
      setPhoto(null);
      await load();
    } catch (error) {
      showFormError(form, error, message);
    } finally {
      setBusy(false);
    }
  };

  const act = async (id: number, verb: 'confirm' | 'reopen' | 'rating', body: Record<string, unknown>) => {
    try {
      await api.post(`/service-requests/${id}/${verb}`, body);
      message.success(t(verb === 'reopen' ? 'service-requests.done' : 'service-requests.mine.rated'));
      await load();
      await open(id);
      return true;
    } catch (error) {
      message.error(errorText(error));
      return false;
    }
  };

  return (
    <div style={{ maxWidth: 480, margin: '0 auto' }} data-testid="my-requests">
      <Card size="small" title={t('service-requests.mine.list')} style={{ marginBottom: 12 }}>
        {mine.length === 0 ? (
          <Empty description={t('service-requests.mine.empty')} />
        ) : (
          <Collapse
            accordion
            onChange={(keys) => {
              const key = Array.isArray(keys) ? keys[0] : keys;
              if (key) open(Number(key)).catch((e) => message.error(errorText(e)));
            }}
            items={mine.map((r) => ({
              key: String(r.id),
              label: (
                <Space wrap data-testid={`sr-item-${r.id}`}>
                  <span>{r.title}</span>
                  <Tag color={STATUS_COLORS[r.status]}>{t(`service-requests.status.${r.status}`)}</Tag>
                  {r.isOverdue ? <Tag color="red">{t('service-requests.overdue')}</Tag> : null}
                </Space>
              ),
              children: details[r.id] ? (
                <MyRequestDetail detail={details[r.id]} onAct={(verb, body) => act(r.id, verb, body)} />
              ) : null,
            }))}
          />
        )}
      </Card>
      <Card title={t('service-requests.mine.title')} size="small" style={{ marginBottom: 12 }}>
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="categoryId"
            label={t('service-requests.field.category')}
            rules={[{ required: true }]}
          >
            <Select
              data-testid="sr-category"
              options={categories.map((c) => ({ value: c.id, label: c.name }))}
              placeholder={t('service-requests.field.category')}
            />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('service-requests.field.title')}
            rules={[{ required: true, min: 2 }]}
          >
            <Input data-testid="sr-title" maxLength={60} />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('service-requests.field.description')}
            rules={[{ required: true, min: 5 }]}
          >
            <Input.TextArea data-testid="sr-description" rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="location" label={t('service-requests.field.location')}>
            <Input data-testid="sr-location" maxLength={200} />
          </Form.Item>
          <Form.Item label={t('service-requests.field.photo')} htmlFor="sr-photo">
            <input
              id="sr-photo"
              type="file"
              accept="image/jpeg,image/png,image/webp"
              onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="sr-submit">
            {t('service-requests.mine.submit')}
          </Button>
        </Form>
      </Card>

      <Card
        size="small"
        style={{ marginBottom: 12 }}
        title={
          <Space>
            {t('service-requests.mine.notifications')}
            <Badge count={notes.unread} />
          </Space>
        }
        extra={
          notes.unread > 0 ? (
            <Button
              size="small"
              type="link"
              onClick={() => api.post('/service-request-notifications/read', {}).then(load)}
            >
              {t('service-requests.mine.markRead')}
            </Button>
          ) : null
        }
      >
        <List
          size="small"
          dataSource={notes.data.slice(0, 8)}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          renderItem={(n) => (
            <List.Item data-testid="sr-notification">
              <div>
                <Typography.Text strong={n.readAt === null}>{n.message}</Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(n.createdAt)}
                  </Typography.Text>
                </div>
              </div>
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}

type Verb = 'confirm' | 'reopen' | 'rating';

function MyRequestDetail({
  detail,
  onAct,
}: {
  detail: ServiceRequestDetail;
  onAct: (verb: Verb, body: Record<string, unknown>) => Promise<boolean>;
}) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [rating, setRating] = useState<Rating | null>(null);
  const [comment, setComment] = useState('');
  const [notSolved, setNotSolved] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  const { abilities, visit } = detail;
  const rateVerb: Verb | null = abilities.confirm
    ? 'confirm'
    : correcting && abilities.correctRating
      ? 'rating'
      : null;
  return (
    <div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {detail.code} · {detail.categoryName} · {t('service-requests.field.handling')}：
        {detail.handlingOrgName} · {t('service-requests.field.due')}：{detail.dueOn}
      </Typography.Paragraph>
      <Typography.Paragraph>{detail.description}</Typography.Paragraph>
      {detail.hasPhoto ? (
        <figure style={{ margin: '0 0 12px' }}>
          <img
            data-testid="sr-my-photo"
            alt={t('service-requests.mine.photo')}
            src={`/api/v1/service-requests/${detail.id}/photo`}
            style={{ maxWidth: '100%', maxHeight: 240, borderRadius: 4 }}
          />
          <figcaption>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('service-requests.mine.photo')}
            </Typography.Text>
          </figcaption>
        </figure>
      ) : null}
      {detail.proposalId ? (
        <Typography.Paragraph>
          <Link to={`/proposals/${detail.proposalId}`}>
            {t('service-requests.proposalLink', { id: detail.proposalId })}
          </Link>
        </Typography.Paragraph>
      ) : null}
      {detail.resolution ? (
        <Typography.Paragraph>
          {t('service-requests.field.resolution')}：{detail.resolution}
        </Typography.Paragraph>
      ) : null}
      {visit && detail.status === 'closed' ? (
        <Alert
          data-testid="sr-visit"
          style={{ marginBottom: 12 }}
          type={visit.rating === 'unsatisfied' ? 'warning' : 'success'}
          message={t('service-requests.mine.yourRating', {
            rating: t(`service-requests.rating.${visit.rating}`),
          })}
          description={
            <>
              {visit.comment ? <div>{visit.comment}</div> : null}
              <div>
                {abilities.correctRating
                  ? t('service-requests.mine.correctUntil', { time: formatDateTime(visit.finalAt) })
                  : t('service-requests.mine.final')}
              </div>
            </>
          }
          action={
            abilities.correctRating && !correcting ? (
              <Button size="small" data-testid="sr-correct-rating" onClick={() => setCorrecting(true)}>
                {t('service-requests.action.correctRating')}
              </Button>
            ) : null
          }
        />
      ) : null}
      {rateVerb ? (
        <Card size="small" title={t('service-requests.mine.ratingTitle')} style={{ marginBottom: 12 }}>
          <Typography.Paragraph type="secondary">
            {t('service-requests.mine.ratingHint')}
          </Typography.Paragraph>
          <Radio.Group
            data-testid="sr-rating"
            aria-label={t('service-requests.field.rating')}
            optionType="button"
            buttonStyle="solid"
            value={rating}
            onChange={(e) => setRating(e.target.value)}
            options={RATINGS.map((r) => ({ value: r, label: t(`service-requests.rating.${r}`) }))}
            style={{ marginBottom: 8 }}
          />
          <Input.TextArea
            rows={2}
            maxLength={500}
            value={comment}
            aria-label={t('service-requests.field.comment')}
            placeholder={t('service-requests.field.comment')}
            onChange={(e) => setComment(e.target.value)}
            style={{ marginBottom: 8 }}
          />
          <Button
            type="primary"
            block
            data-testid="sr-confirm"
            disabled={rating === null}
            onClick={async () => {
              if (await onAct(rateVerb, { rating, comment: comment.trim() || null })) setCorrecting(false);
            }}
          >
            {t('service-requests.mine.rate')}
          </Button>
        </Card>
      ) : null}
      {abilities.reopen ? (
        notSolved ? (
          <Space direction="vertical" style={{ width: '100%', marginBottom: 12 }}>
            <Input.TextArea
              rows={2}
              value={reason}
              data-testid="sr-reopen-reason"
              aria-label={t('service-requests.mine.notSolvedHint')}
              onChange={(e) => setReason(e.target.value)}
              placeholder={t('service-requests.mine.notSolvedHint')}
            />
            <Button
              block
              danger
              data-testid="sr-reopen"
              disabled={reason.trim().length < 2}
              onClick={() => onAct('reopen', { reason })}
            >
              {t('service-requests.action.reopen')}
            </Button>
          </Space>
        ) : (
          <Button
            block
            danger
            data-testid="sr-not-solved"
            onClick={() => setNotSolved(true)}
            style={{ marginBottom: 12 }}
          >
            {t('service-requests.mine.notSolved')}
          </Button>
        )
      ) : null}
      <RequestTimeline events={detail.events} />
    </div>
  );
}
