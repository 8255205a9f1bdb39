import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDigit, idNumberProblem, isValidIdNumber, maskIdNumber, normalizeIdNumber } from './idcard.ts';

const today = new Date('2026-11-21T00:00:00Z');

describe('GB 11643 ID numbers', () => {
  it('accepts the standard vector with an X check digit', () => {
    expect(idNumberProblem('11010519491231002X', today)).toBeNull();
    expect(checkDigit('11010519491231002')).toBe('X');
  });

  it('normalises full-width characters, lower-case x, spaces and the Excel apostrophe', () => {
    for (const raw of [
      "'11010519491231002x",
      '１１０１０５１９４９１２３１００２Ｘ',
      ' 11010519491231002X ',
      '110105 1949 1231 002X',
    ]) {
      expect(normalizeIdNumber(raw)).toBe('11010519491231002X');
      expect(isValidIdNumber(raw, today)).toBe(true);
    }
  });

  it('names the problem of bad numbers', () => {
    expect(idNumberProblem('110105194912310021', today)).toBe('ID_CHECK_DIGIT');
    expect(idNumberProblem('11010519491231002', today)).toBe('ID_LENGTH');
    expect(idNumberProblem('1101051949123100AX', today)).toBe('ID_FORMAT');
    // 99 is not a province code.
    const badRegion = `99010519491231002`;
    expect(idNumberProblem(badRegion + checkDigit(badRegion), today)).toBe('ID_REGION');
    // 1900 is not a leap year; 2000 is.
    const feb29of1900 = '11010519000229001';
    expect(idNumberProblem(feb29of1900 + checkDigit(feb29of1900), today)).toBe('ID_BIRTH_DATE');
    const feb29of2000 = '11010520000229001';
    expect(idNumberProblem(feb29of2000 + checkDigit(feb29of2000), today)).toBeNull();
    const future = '11010520990101001';
    expect(idNumberProblem(future + checkDigit(future), today)).toBe('ID_BIRTH_DATE');
    const tomorrow = '11010520261122001';
    expect(idNumberProblem(tomorrow + checkDigit(tomorrow), today)).toBe('ID_BIRTH_DATE');
    const month13 = '11010519491331001';
    expect(idNumberProblem(month13 + checkDigit(month13), today)).toBe('ID_BIRTH_DATE');
  });

  it('any single-character change of a valid number fails (property)', () => {
    const body = fc
      .tuple(
        fc.constantFrom('11', '31', '44', '65'),
        fc.integer({ min: 0, max: 9999 }),
        fc.date({ min: new Date('1900-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
      )
      .map(
        ([p, r, d, s]) =>
          `${p}${String(r).padStart(4, '0')}${d.toISOString().slice(0, 10).replace(/-/g, '')}${String(s).padStart(3, '0')}`,
      );
    fc.assert(
      fc.property(body, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 9 }), (b, pos, delta) => {
        const id = b + checkDigit(b);
        expect(idNumberProblem(id, today)).toBeNull();
        const chars = '0123456789X';
        const current = chars.indexOf(id[pos]!);
        const replaced = chars[(current + delta) % (pos === 17 ? 11 : 10)]!;
        const mutated = id.slice(0, pos) + replaced + id.slice(pos + 1);
        expect(idNumberProblem(mutated, today)).not.toBeNull();
      }),
    );
  });

  it('masks to the first 3 characters and the check character, never the birth segment', () => {
    const id = '11010519491231002X';
    expect(maskIdNumber(id)).toBe('110**************X');
    expect(maskIdNumber(id)).not.toContain(id.slice(6, 14));
  });
});
