import { Alert, Button, Card, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { useT } from '../../shared/i18n.tsx';
import { markRead, useTodos } from './todos.ts';

/** `/todos`: the person's to-do list, one group per source the modules contribute. */
export default function TodosPage() {
  const t = useT();
  const navigate = useNavigate();
  const { todos, error } = useTodos();
  const unreadKeys = todos?.groups.flatMap((g) => g.items.filter((i) => !i.read).map((i) => i.key)) ?? [];

  return (
    <Card data-testid="todos-page">
      <div className="jc-page-header">
        <div>
          <Typography.Title level={3}>{t('notifications.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('notifications.intro')}</Typography.Text>
        </div>
        {unreadKeys.length > 0 && (
          <Button onClick={() => markRead(unreadKeys)} data-testid="todos-mark-all">
            {t('notifications.markAll')}
          </Button>
        )}
      </div>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {!todos && !error && (
        <div className="jc-center">
          <Spin />
        </div>
      )}
      {todos && todos.groups.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      )}
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {todos?.groups.map((group) => (
          <section key={group.key} data-testid={`todo-group-${group.key}`} aria-label={group.title}>
            <Typography.Title level={4} style={{ fontSize: 16 }}>
              {group.title}{' '}
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                （{group.items.length}）
              </Typography.Text>
            </Typography.Title>
            <List
              bordered
              size="small"
              dataSource={group.items}
              renderItem={(item) => (
                <List.Item
                  data-testid="todo-item"
                  actions={[
                    <Link
                      key="open"
                      to={item.path}
                      onClick={(e) => {
                        e.preventDefault();
                        void markRead(item.read ? [] : [item.key]).finally(() => navigate(item.path));
                      }}
                    >
                      {t('notifications.open')}
                    </Link>,
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <Space wrap size={4}>
                        {!item.read && <Tag color="red">{t('notifications.unread')}</Tag>}
                        {item.overdue && <Tag color="orange">{t('notifications.overdue')}</Tag>}
                        <span style={{ fontWeight: item.read ? 'normal' : 600 }}>{item.title}</span>
                      </Space>
                    }
                    description={[item.detail, item.date].filter(Boolean).join(' · ')}
                  />
                </List.Item>
              )}
            />
          </section>
        ))}
      </Space>
    </Card>
  );
}
