import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useT } from '../../shared/i18n.tsx';
import { useTodos } from './todos.ts';

/** The header's bell: the number of unread to-do items; opens the to-do list. */
export function TodoBell() {
  const t = useT();
  const navigate = useNavigate();
  const { todos } = useTodos();
  const unread = todos?.unread ?? 0;
  // The name says what the badge shows ("99+" past 99): a control's visible text is part of its name.
  const shown = unread > 99 ? '99+' : String(unread);
  return (
    <Button
      type="text"
      data-testid="todo-bell"
      aria-label={
        unread > 0 ? t('notifications.bell.unread', { count: shown }) : t('notifications.bell.none')
      }
      onClick={() => navigate('/todos')}
      style={{ color: '#fff', paddingInline: 8 }}
    >
      <Badge
        count={unread}
        size="small"
        overflowCount={99}
        data-testid="todo-badge"
        // Gold on the red header; dark red figures (8.9:1).
        styles={{ indicator: { background: '#ffd34d', color: '#8c0b1f', boxShadow: 'none' } }}
      >
        <BellOutlined style={{ color: '#fff', fontSize: 18 }} />
      </Badge>
    </Button>
  );
}
