import { Button, Form, Space } from 'antd';
import { useT } from './i18n.tsx';

/** The search and reset buttons that end every list page's filter form. */
export function FilterActions({ onReset }: { onReset: () => void }) {
  const t = useT();
  return (
    <Form.Item>
      <Space>
        <Button type="primary" htmlType="submit">
          {t('common.action.search')}
        </Button>
        <Button onClick={onReset}>{t('common.action.reset')}</Button>
      </Space>
    </Form.Item>
  );
}
