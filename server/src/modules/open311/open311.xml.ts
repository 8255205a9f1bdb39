/**
 * GeoReport v2's XML format, written the way the specification's examples are: a root element,
 * one element per item, one child per field; null becomes an empty element, arrays of values
 * repeat their element (`formats/format`), arrays of objects nest (`attributes/attribute`).
 */
type XmlValue = string | number | boolean | null | undefined | XmlObject | XmlValue[];
interface XmlObject {
  [field: string]: XmlValue;
}

/** The element a list's items take, by the list's element name (the specification's names). */
const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  service_request_updates: 'request_update',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

/** Characters XML 1.0 cannot carry at all (control characters other than tab, newline, return). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is removed
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function element(name: string, value: XmlValue): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    const children = Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('');
    return `<${name}>${children}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A whole document: `toXml('services', [...])` → `<?xml …?><services><service>…</service></services>`. */
export function toXml(root: string, value: XmlValue): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value)}`;
}

export const XML_TYPE = 'text/xml; charset=utf-8';
