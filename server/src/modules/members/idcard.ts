/**
 * 公民身份号码 (GB 11643-1999, ISO 7064 MOD 11-2) normalisation and validation
 * (security.md §3, ID-01…ID-05).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/**
 * Province-level address codes (GB/T 2260, first two digits). 71 (台湾), 81 (香港) and 82 (澳门)
 * are accepted because residence-permit numbers use them.
 */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

export type IdProblem =
  | 'ID_EMPTY'
  | 'ID_LENGTH'
  | 'ID_FORMAT'
  | 'ID_REGION'
  | 'ID_BIRTH_DATE'
  | 'ID_CHECK_DIGIT';

export const ID_PROBLEM_MESSAGES: Record<IdProblem, string> = {
  ID_EMPTY: '身份证号不能为空',
  ID_LENGTH: '身份证号应为 18 位',
  ID_FORMAT: '身份证号只能由 17 位数字和 1 位数字或 X 组成',
  ID_REGION: '身份证号前两位不是有效的省级行政区划代码',
  ID_BIRTH_DATE: '身份证号中的出生日期不存在或晚于今天',
  ID_CHECK_DIGIT: '身份证号校验位不正确，请核对是否有录入错误',
};

/** Full-width digits and letters to ASCII, Excel's leading apostrophe and all spaces removed, x → X. */
export function normalizeIdNumber(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
    .replace(/^'/, '')
    .toUpperCase();
}

export function checkDigit(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** 'YYYYMMDD' is a real Gregorian date, not after `today` and not before 1850. */
export function isRealDate(yyyymmdd: string, today: Date): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1850 || m < 1 || m > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  const todayKey = Number(today.toISOString().slice(0, 10).replace(/-/g, ''));
  return Number(yyyymmdd) <= todayKey;
}

/** The first problem of an already normalised number, or null when it is valid. */
export function idNumberProblem(id: string, today: Date): IdProblem | null {
  if (id.length === 0) return 'ID_EMPTY';
  if (id.length !== 18) return 'ID_LENGTH';
  if (!/^\d{17}[\dX]$/.test(id)) return 'ID_FORMAT';
  if (!PROVINCE_CODES.has(id.slice(0, 2))) return 'ID_REGION';
  if (!isRealDate(id.slice(6, 14), today)) return 'ID_BIRTH_DATE';
  if (checkDigit(id.slice(0, 17)) !== id[17]) return 'ID_CHECK_DIGIT';
  return null;
}

export function isValidIdNumber(raw: string, today: Date): boolean {
  return idNumberProblem(normalizeIdNumber(raw), today) === null;
}

/** Birth date 'YYYY-MM-DD' and gender (17th digit odd → male) of a valid number. */
export function idNumberFacts(id: string): { birthDate: string; gender: 'male' | 'female' } {
  return {
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/** At most the first 3 and last 4 characters: never the birth segment (PIPL-05). */
/**
 * First 3 characters and the check character (PIPL-05 allows at most 3 + 4). The sequence digits
 * stay hidden: the masked address tells the region and the age the birth year, and with the last
 * four shown only a birth day (~365 ÷ 11 ≈ 33 numbers) would remain to guess. With them hidden,
 * about 33,000 remain.
 */
export function maskIdNumber(id: string): string {
  return id.length <= 7
    ? '*'.repeat(id.length)
    : `${id.slice(0, 3)}${'*'.repeat(id.length - 4)}${id.slice(-1)}`;
}

export function maskPhone(phone: string): string {
  return phone.length < 7 ? '*'.repeat(phone.length) : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

export function normalizePhone(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000-]/g, '')
    .replace(/^\+?86(?=1\d{10}$)/, '');
}

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
/** A fixed line with its area code (0 + 2–3 digits) and a 7–8 digit number, e.g. 010-65001234. */
export const LANDLINE_PATTERN = /^0\d{2,3}\d{7,8}$/;
export const PHONE_RULE_MESSAGE = '联系电话应为 11 位手机号码，或带区号的固定电话（如 010-65001234）';
