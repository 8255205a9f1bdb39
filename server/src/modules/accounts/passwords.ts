import { hash, verify } from '@node-rs/argon2';
import { BASE_WORDS, commonPasswords } from './common-passwords.ts';

/** argon2id with OWASP parameters (19 MiB, t=2, p=1). */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verified against when the account does not exist, so both answers take the same time. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('jiceng-dummy-password-for-timing');
  return dummyHash;
}

/** The common-password list (≥ 10,000 entries), built once. */
export const COMMON_PASSWORDS: ReadonlySet<string> = commonPasswords();

const LEET: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '0': 'o',
  '1': 'i',
  '!': 'i',
  '3': 'e',
  $: 's',
  '5': 's',
  '7': 't',
};

/** The forms a password is compared in: as typed, without decorations, de-l33ted, letters only. */
function normalForms(password: string): string[] {
  const lower = password.toLowerCase().normalize('NFKC');
  const stripped = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  const unleet = stripped.replace(/[@4013!$57]/g, (c) => LEET[c] ?? c);
  const letters = stripped.replace(/[^a-z]/g, '');
  return [lower, stripped, unleet, letters].filter((f) => f.length > 0);
}

const YEAR = '(?:19\\d\\d|20[0-3]\\d)';
/** A word or name plus a year (Zhang@1990, 1990#Zhang): the birth-year pattern. */
const WORD_AND_YEAR = new RegExp(
  `^(?:[a-z]{2,12}[^a-z0-9]{0,3}${YEAR}|${YEAR}[^a-z0-9]{0,3}[a-z]{2,12})[^a-z0-9]{0,3}$`,
  'i',
);

/**
 * Password policy (security.md DB-AUTH-02): length, 3 of 4 character classes, not on the common
 * list (after stripping decorations such as `@123` or `2024` and undoing l33t spelling), not the
 * username or an ASCII part of the person's name, not a word or name plus a year. The answer says
 * why, in Chinese.
 */
export function checkPasswordPolicy(
  password: string,
  username: string,
  minLength: number,
  displayName = '',
): string | null {
  if (password.length < minLength) return `密码至少需要 ${minLength} 位`;
  if (password.length > 128) return '密码不能超过 128 位';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return '密码需包含大写字母、小写字母、数字、特殊字符中的至少三类';
  const forms = normalForms(password);
  if (forms.some((f) => COMMON_PASSWORDS.has(f) || BASE_WORDS.has(f))) {
    return '密码过于常见（常见密码、键盘序列、拼音姓名加数字或符号都容易被猜中），请换一个';
  }
  const lower = password.toLowerCase();
  if (username && lower.includes(username.toLowerCase())) return '密码不能包含用户名';
  const nameParts = displayName.toLowerCase().match(/[a-z]{3,}/g) ?? [];
  const joined = nameParts.join('');
  if ([...nameParts, ...(nameParts.length > 1 ? [joined] : [])].some((part) => lower.includes(part))) {
    return '密码不能包含本人姓名';
  }
  if (WORD_AND_YEAR.test(password)) return '密码不能是“单词或姓名＋年份”的形式（如 Zhang@1990），请换一个';
  return null;
}

/** A temporary password that satisfies the policy; the user must change it at first login. */
export function temporaryPassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const body = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
  return `${body}#7a`;
}
