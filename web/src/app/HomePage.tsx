import { Card, Col, Flex, Row, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { formatDateTime } from '../shared/format.ts';
import { useT } from '../shared/i18n.tsx';
import { ROLE_KEYS } from '../shared/messages.ts';
import { useNavigation } from './navigation.tsx';
import { webModules } from './registry.tsx';
import { useSession } from './session.tsx';

/**
 * Home: a welcome card with the user's roles and jurisdiction, shortcuts to the pages the user
 * may open (the same as the side menu), then the cards modules contribute through `homeCards` in their manifest (the cockpit
 * joins here as a wide card).
 */
export function HomePage() {
  const { me, can } = useSession();
  const t = useT();
  const navigate = useNavigate();
  const shortcuts = useNavigation();
  if (!me) return null;
  const cards = webModules
    .flatMap((m) => m.homeCards ?? [])
    .filter((c) => can(c.permission))
    .sort((a, b) => a.order - b.order);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card className="jc-welcome">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('app.home.welcome', { name: me.user.displayName })}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('app.home.intro')}</Typography.Paragraph>
        <Row gutter={[24, 16]}>
          <Col xs={24} md={12}>
            <Typography.Text strong>{t('app.home.roles')}</Typography.Text>
            <Flex wrap gap={8} style={{ marginTop: 8 }}>
              {me.roles.map((r) => (
                <Tag key={r.id} color="red">
                  {t(ROLE_KEYS[r.role])} · {r.orgName}
                </Tag>
              ))}
            </Flex>
          </Col>
          <Col xs={24} md={12}>
            <Typography.Text strong>{t('app.home.scope')}</Typography.Text>
            <Flex wrap gap={8} style={{ marginTop: 8 }}>
              {me.scopes.length === 0 && (
                <Typography.Text type="secondary">{t('app.home.noScope')}</Typography.Text>
              )}
              {me.scopes.map((s) => (
                <Tag
                  key={s.id}
                  color="gold"
                  style={{ cursor: can('orgs.read') ? 'pointer' : undefined }}
                  onClick={() => can('orgs.read') && navigate(`/orgs/${s.id}`)}
                >
                  {s.name}
                </Tag>
              ))}
            </Flex>
          </Col>
        </Row>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t('app.home.session', { time: formatDateTime(me.sessionExpiresAt) })}
        </Typography.Paragraph>
      </Card>
      {shortcuts.length > 0 && (
        <Card title={t('app.home.shortcuts')}>
          <Row gutter={[16, 16]}>
            {shortcuts.map((p) => (
              <Col key={p.path} xs={12} sm={8} lg={6}>
                <Card hoverable size="small" className="jc-shortcut" onClick={() => navigate(p.path)}>
                  <span className="jc-shortcut-icon">{p.icon}</span>
                  <span>{p.label}</span>
                </Card>
              </Col>
            ))}
          </Row>
        </Card>
      )}
      <Row gutter={[16, 16]}>
        {cards.map((card) => (
          <Col key={card.key} xs={24} lg={card.wide ? 24 : 12}>
            <card.component />
          </Col>
        ))}
      </Row>
    </Space>
  );
}
