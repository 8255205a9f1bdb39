import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { ApiError } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import {
  type CategoryItem,
  EDUCATION_CODES,
  type EffectiveRule,
  type NewRuleVersion,
  type PartyBirthdayValue,
  RULE_BOUNDS,
  type RuleVersion,
  rulesApi,
} from './rulesApi.ts';

interface Values {
  mode: 'set' | 'inherit';
  effectiveFrom: Dayjs;
  source: string;
  categories?: (CategoryItem & { existing?: boolean })[];
  basis?: PartyBirthdayValue['basis'];
  windowDays?: number;
  validDays?: number;
  minFullMembers?: number;
  minAge?: number;
  months?: number;
  branchMinFull?: number;
  committeeMinFull?: number;
  branchMax?: number;
  generalBranchAbove?: number;
  synonyms?: { label: string; education?: string }[];
}

/** A code for a new category the official left without one: lower-case, unique in the list. */
function newCode(taken: Set<string>): string {
  for (let i = 1; ; i += 1) {
    const code = `custom_${i}`;
    if (!taken.has(code)) return code;
  }
}

function ruleValue(rule: EffectiveRule, v: Values): unknown {
  switch (rule.key) {
    case 'members.categories': {
      const rows = v.categories ?? [];
      const taken = new Set(rows.map((c) => c.code?.trim()).filter(Boolean));
      return rows.map((c) => {
        const code = c.code?.trim() || newCode(taken);
        taken.add(code);
        return { code, label: c.label };
      });
    }
    case 'members.party_birthday':
      return { basis: v.basis, windowDays: v.windowDays };
    case 'members.transfer_letter':
      return { validDays: v.validDays };
    case 'new_orgs.own_org_threshold':
      return { minFullMembers: v.minFullMembers };
    case 'members.join_age':
      return { minAge: v.minAge };
    case 'members.probation':
      return { months: v.months };
    case 'orgs.setup':
      return {
        branchMinFull: v.branchMinFull,
        committeeMinFull: v.committeeMinFull,
        branchMax: v.branchMax,
        generalBranchAbove: v.generalBranchAbove,
      };
    case 'members.education_synonyms':
      return (v.synonyms ?? []).map((s) => ({ label: s.label, education: s.education }));
  }
}

function initialValues(rule: EffectiveRule, today: string): Partial<Values> {
  const base = { mode: 'set' as const, effectiveFrom: dayjs(today), source: '' };
  const value = rule.value as Record<string, unknown>;
  if (rule.key === 'members.categories')
    return { ...base, categories: (rule.value as CategoryItem[]).map((c) => ({ ...c, existing: true })) };
  if (rule.key === 'members.education_synonyms')
    return { ...base, synonyms: rule.value as Values['synonyms'] };
  return { ...base, ...value };
}

/** Server field paths (`value.3.label`, `value.windowDays`) → this form's field names. */
function formField(rule: EffectiveRule, path: string): (string | number)[] {
  const parts = path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (parts[0] !== 'value') return parts;
  if (rule.key === 'members.categories') return parts.length > 1 ? ['categories', ...parts.slice(1)] : [];
  if (rule.key === 'members.education_synonyms')
    return parts.length > 1 ? ['synonyms', ...parts.slice(1)] : [];
  return parts.slice(1);
}

/** A new version of one rule for one organization (never an edit of an old version). */
export function RulesForm({
  orgId,
  orgName,
  today,
  rule,
  onClose,
  onSaved,
}: {
  orgId: number;
  orgName: string;
  today: string;
  rule: EffectiveRule | null;
  onClose: () => void;
  onSaved: (saved: RuleVersion) => void;
}) {
  const t = useT();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const mode = Form.useWatch('mode', form);
  useEffect(() => {
    if (!rule) return;
    form.resetFields();
    form.setFieldsValue(initialValues(rule, today));
    setProblem(null);
  }, [rule, today, form]);
  if (!rule) return null;
  const canInherit = rule.own || rule.upcoming.some((u) => u.org?.id === orgId && u.value !== null);

  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      key: rule.key,
      effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
      source: v.source,
      value: v.mode === 'inherit' ? null : ruleValue(rule, v),
    } as NewRuleVersion;
    setSaving(true);
    setProblem(null);
    try {
      const saved = await rulesApi.add({ params: { id: orgId }, body });
      message.success(t('members.rules.form.saved', { version: saved.data.version }));
      onSaved(saved.data);
    } catch (e) {
      const leftover: string[] = [];
      if (e instanceof ApiError && Object.keys(e.fields).length) {
        const fields = [];
        for (const [path, text] of Object.entries(e.fields)) {
          const name = formField(rule, path);
          if (name.length && form.getFieldInstance(name as never) !== undefined)
            fields.push({ name: name as never, errors: [text] });
          else leftover.push(text);
        }
        form.setFields(fields);
      } else leftover.push(errorText(e));
      if (leftover.length) setProblem(leftover.join('；'));
    } finally {
      setSaving(false);
    }
  };

  const label = t(`members.rules.key.${rule.key}`);
  return (
    <Modal
      open
      title={t('members.rules.form.title', { rule: label })}
      onCancel={onClose}
      onOk={submit}
      okText={t('members.rules.form.submit')}
      okButtonProps={{ loading: saving, ...({ 'data-testid': 'rule-save' } as Record<string, string>) }}
      width="min(640px, calc(100vw - 16px))"
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="rule-form">
        <Typography.Paragraph type="secondary">{t('members.rules.form.note')}</Typography.Paragraph>
        <Form.Item label={t('members.rules.form.org')}>
          <Typography.Text strong>{orgName}</Typography.Text>
        </Form.Item>
        {canInherit && (
          <Form.Item name="mode" label={t('members.rules.form.mode')}>
            <Radio.Group
              options={[
                { value: 'set', label: t('members.rules.form.mode.set') },
                { value: 'inherit', label: t('members.rules.form.mode.inherit') },
              ]}
            />
          </Form.Item>
        )}
        {canInherit ? null : <Form.Item name="mode" hidden />}
        {mode !== 'inherit' && rule.key === 'members.categories' && (
          <Form.Item label={t('members.rules.form.categories')} style={{ marginBottom: 0 }}>
            <Form.List name="categories">
              {(fields, { add, remove }) => (
                <Space direction="vertical" size={0} style={{ width: '100%', marginBottom: 16 }}>
                  {fields.map((field) => {
                    const existing = form.getFieldValue(['categories', field.name, 'existing']);
                    return (
                      <Space key={field.key} align="start" wrap={false} style={{ width: '100%' }}>
                        <Form.Item
                          name={[field.name, 'label']}
                          rules={[
                            { required: true, message: t('members.rules.form.category.label.required') },
                          ]}
                          style={{ marginBottom: 8 }}
                        >
                          <Input
                            placeholder={t('members.rules.form.category.label')}
                            aria-label={t('members.rules.form.category.label')}
                            style={{ width: 'min(220px, 42vw)' }}
                          />
                        </Form.Item>
                        <Form.Item name={[field.name, 'code']} style={{ marginBottom: 8 }}>
                          <Input
                            disabled={existing}
                            placeholder={t('members.rules.form.category.code.auto')}
                            aria-label={t('members.rules.form.category.code')}
                            style={{ width: 'min(160px, 30vw)' }}
                          />
                        </Form.Item>
                        <Button
                          icon={<DeleteOutlined />}
                          aria-label={t('members.rules.form.category.remove')}
                          onClick={() => remove(field.name)}
                        />
                      </Space>
                    );
                  })}
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add({ label: '', code: '' })}
                    data-testid="rule-add-category"
                  >
                    {t('members.rules.form.category.add')}
                  </Button>
                </Space>
              )}
            </Form.List>
          </Form.Item>
        )}
        {mode !== 'inherit' && rule.key === 'members.party_birthday' && (
          <>
            <Form.Item name="basis" label={t('members.rules.form.basis')}>
              <Radio.Group
                options={[
                  { value: 'joined', label: t('members.rules.value.basis.joined') },
                  { value: 'full', label: t('members.rules.value.basis.full') },
                ]}
              />
            </Form.Item>
            <Form.Item name="windowDays" label={t('members.rules.form.windowDays')}>
              <InputNumber {...RULE_BOUNDS.windowDays} precision={0} />
            </Form.Item>
          </>
        )}
        {mode !== 'inherit' && rule.key === 'members.transfer_letter' && (
          <Form.Item name="validDays" label={t('members.rules.form.validDays')}>
            <InputNumber {...RULE_BOUNDS.validDays} precision={0} />
          </Form.Item>
        )}
        {mode !== 'inherit' && rule.key === 'new_orgs.own_org_threshold' && (
          <Form.Item name="minFullMembers" label={t('members.rules.form.minFullMembers')}>
            <InputNumber {...RULE_BOUNDS.minFullMembers} precision={0} />
          </Form.Item>
        )}
        {mode !== 'inherit' && rule.key === 'members.join_age' && (
          <Form.Item name="minAge" label={t('members.rules.form.minAge')}>
            <InputNumber {...RULE_BOUNDS.minAge} precision={0} />
          </Form.Item>
        )}
        {mode !== 'inherit' && rule.key === 'members.probation' && (
          <Form.Item name="months" label={t('members.rules.form.months')}>
            <InputNumber {...RULE_BOUNDS.months} precision={0} />
          </Form.Item>
        )}
        {mode !== 'inherit' &&
          rule.key === 'orgs.setup' &&
          (['branchMinFull', 'committeeMinFull', 'branchMax', 'generalBranchAbove'] as const).map((name) => (
            <Form.Item key={name} name={name} label={t(`members.rules.form.${name}`)}>
              <InputNumber {...RULE_BOUNDS.setupCount} precision={0} />
            </Form.Item>
          ))}
        {mode !== 'inherit' && rule.key === 'members.education_synonyms' && (
          <Form.Item label={t('members.rules.form.synonyms')} style={{ marginBottom: 0 }}>
            <Form.List name="synonyms">
              {(fields, { add, remove }) => (
                <Space direction="vertical" size={0} style={{ width: '100%', marginBottom: 16 }}>
                  {fields.map((field) => (
                    <Space key={field.key} align="start" wrap={false} style={{ width: '100%' }}>
                      <Form.Item
                        name={[field.name, 'label']}
                        rules={[{ required: true, message: t('members.rules.form.synonym.label.required') }]}
                        style={{ marginBottom: 8 }}
                      >
                        <Input
                          placeholder={t('members.rules.form.synonym.label')}
                          aria-label={t('members.rules.form.synonym.label')}
                          style={{ width: 'min(180px, 38vw)' }}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'education']}
                        rules={[{ required: true }]}
                        style={{ marginBottom: 8 }}
                      >
                        <Select
                          aria-label={t('members.rules.form.synonym.education')}
                          style={{ width: 'min(160px, 34vw)' }}
                          options={EDUCATION_CODES.map((e) => ({
                            value: e,
                            label: t(`members.education.${e}`),
                          }))}
                        />
                      </Form.Item>
                      <Button
                        icon={<DeleteOutlined />}
                        aria-label={t('members.rules.form.category.remove')}
                        onClick={() => remove(field.name)}
                      />
                    </Space>
                  ))}
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add({ label: '' })}
                    data-testid="rule-add-synonym"
                  >
                    {t('members.rules.form.synonym.add')}
                  </Button>
                </Space>
              )}
            </Form.List>
          </Form.Item>
        )}
        <Form.Item
          name="effectiveFrom"
          label={t('members.rules.form.effectiveFrom')}
          rules={[{ required: true }]}
        >
          <DatePicker allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') < today} />
        </Form.Item>
        <Form.Item
          name="source"
          label={t('members.rules.form.source')}
          rules={[{ required: true, whitespace: true, message: t('members.rules.form.source.required') }]}
        >
          <Input.TextArea rows={2} maxLength={500} placeholder={t('members.rules.form.source.placeholder')} />
        </Form.Item>
        {problem && <Alert type="error" showIcon message={problem} data-testid="rule-problem" />}
      </Form>
    </Modal>
  );
}
