import type { Db } from '../../platform/db.ts';
import { ValidationError } from '../../platform/errors.ts';
import { w3cDateTime } from './open311.contract.ts';
import type { StoredAttribute } from './open311.tables.ts';

type Sent = Record<string, string | string[]>;

/**
 * Gathers `attribute[CODE]` and `attribute[CODE][]` fields (form-encoded, or flat JSON keys) into
 * one `attribute` object, so the body's schema sees `{ attribute: { CODE: value } }`.
 */
export function foldAttributeFields(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const out: Record<string, unknown> = {};
  const attribute: Record<string, unknown> = {};
  let found = false;
  for (const [name, value] of Object.entries(body)) {
    const m = /^attribute\[([^\]]*)\](\[\])?$/.exec(name);
    if (!m) {
      out[name] = value;
      continue;
    }
    found = true;
    attribute[m[1]] = m[2] && !Array.isArray(value) ? [value] : value;
  }
  if (!found) return body;
  const given = out.attribute;
  out.attribute = given && typeof given === 'object' ? { ...given, ...attribute } : attribute;
  return out;
}

/**
 * Checks what a client sent against the service's definition: every code known and asking for
 * input, every required one present, numbers, dates and list keys valid. Returns the values as the
 * desk shows them (list values by name).
 */
export async function checkAttributes(
  db: Db,
  category: { id: number; code: string },
  sent: Sent,
): Promise<StoredAttribute[]> {
  const defined = await db
    .selectFrom('open311ServiceAttributes')
    .selectAll()
    .where('categoryId', '=', category.id)
    .orderBy('sortOrder')
    .execute();
  const byCode = new Map(defined.map((a) => [a.code, a]));
  for (const code of Object.keys(sent)) {
    const attribute = byCode.get(code);
    const field = `attribute[${code}]`;
    if (!attribute) throw new ValidationError({ [field]: `服务 ${category.code} 没有属性 ${code}` });
    if (!attribute.variable) throw new ValidationError({ [field]: `属性 ${code} 只作说明，不接受取值` });
  }
  const stored: StoredAttribute[] = [];
  for (const a of defined) {
    if (!a.variable) continue;
    const field = `attribute[${a.code}]`;
    const raw = sent[a.code];
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
      .map((v) => v.trim())
      .filter(Boolean);
    if (values.length === 0) {
      if (a.required) throw new ValidationError({ [field]: `缺少必填属性「${a.description}」（${field}）` });
      continue;
    }
    if (a.datatype !== 'multivaluelist' && values.length > 1) {
      throw new ValidationError({ [field]: `属性「${a.description}」只能有一个取值` });
    }
    const bad = (why: string) => new ValidationError({ [field]: `属性「${a.description}」${why}` });
    switch (a.datatype) {
      case 'number':
        if (!/^-?\d+(\.\d+)?$/.test(values[0])) throw bad('须为数字');
        break;
      case 'datetime':
        if (!w3cDateTime.safeParse(values[0]).success)
          throw bad('须为日期时间，如 2026-11-23T09:00:00+08:00');
        break;
      case 'string':
        if (values[0].length > 400) throw bad('不能超过 400 个字符');
        break;
      case 'text':
        if (values[0].length > 4000) throw bad('不能超过 4000 个字符');
        break;
      case 'singlevaluelist':
      case 'multivaluelist': {
        const names = values.map((v) => a.values.find((option) => option.key === v)?.name);
        const unknown = values.find((_, i) => names[i] === undefined);
        if (unknown !== undefined) {
          throw bad(`没有可选值 ${unknown}（可选：${a.values.map((o) => o.key).join('、')}）`);
        }
        stored.push({ code: a.code, description: a.description, values: names as string[] });
        continue;
      }
    }
    stored.push({ code: a.code, description: a.description, values });
  }
  return stored;
}
