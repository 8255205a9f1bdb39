import type { FieldCrypto } from '../../platform/crypto.ts';
import type { Db } from '../../platform/db.ts';
import { checkDigit } from './idcard.ts';
import { encryptedColumns } from './members.service.ts';

let seq = 0;

/** A fresh valid ID number (GB 11643 check digit), different on every call. */
export function nextIdNumber(birth = '19800101'): string {
  seq += 1;
  const region = String(110101 + (Math.floor(seq / 1000) % 800)).padStart(6, '0');
  const body = `${region}${birth}${String(seq % 1000).padStart(3, '0')}`;
  return body + checkDigit(body);
}

/** A member row written straight into the database (tests only). */
export async function insertMember(
  db: Db,
  crypto: FieldCrypto,
  orgId: number,
  over: Partial<{
    name: string;
    status: 'probationary' | 'full' | 'lost_contact' | 'transferred_out';
    category: string;
    gender: 'male' | 'female';
    education: 'bachelor' | 'college' | null;
    birthDate: string;
    joinedOn: string;
    fullOn: string | null;
    userId: number | null;
    phone: string | null;
  }> = {},
): Promise<number> {
  const birthDate = over.birthDate ?? '1980-01-01';
  const idNumber = nextIdNumber(birthDate.replace(/-/g, ''));
  const now = new Date('2026-11-01T00:00:00Z');
  const status = over.status ?? 'full';
  const fullOn = over.fullOn === undefined ? (status === 'probationary' ? null : '2006-07-01') : over.fullOn;
  const { id } = await db
    .insertInto('members')
    .values({
      orgId,
      userId: over.userId ?? null,
      name: over.name ?? `党员${seq}`,
      gender: over.gender ?? (Number(idNumber[16]) % 2 === 1 ? 'male' : 'female'),
      ethnicity: '汉族',
      birthDate,
      ...encryptedColumns(crypto, { idNumber, phone: over.phone ?? null, address: null }),
      education: over.education === undefined ? 'bachelor' : over.education,
      workUnit: null,
      position: null,
      joinedOn: over.joinedOn ?? '2005-07-01',
      fullOn,
      category: over.category ?? 'in_service',
      status,
      statusSince: fullOn ?? '2005-07-01',
      importId: null,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
