import { hash, verify } from '@node-rs/argon2';

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

const COMMON = new Set([
  'password',
  'password1',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword1',
  'qwerty123',
  'qwer1234',
  'abc12345',
  'abcd1234',
  'admin123',
  'admin@123',
  'root1234',
  'welcome1',
  'iloveyou',
  'a1234567',
  'aa123456',
  'woaini1314',
  '1qaz2wsx',
  '1q2w3e4r',
  'zxcvbnm1',
  '12345678',
  '123456789',
  '1234567890',
  '88888888',
  '11111111',
  '00000000',
]);

/** Password policy (security.md DB-AUTH-02): length, 3 of 4 character classes, not common, not the username. */
export function checkPasswordPolicy(password: string, username: string, minLength: number): string | null {
  if (password.length < minLength) return `密码至少需要 ${minLength} 位`;
  if (password.length > 128) return '密码不能超过 128 位';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return '密码需包含大写字母、小写字母、数字、特殊字符中的至少三类';
  if (COMMON.has(password.toLowerCase())) return '密码过于常见，请换一个';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  return null;
}

/** A temporary password that satisfies the policy; the user must change it at first login. */
export function temporaryPassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const body = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
  return `${body}#7a`;
}
