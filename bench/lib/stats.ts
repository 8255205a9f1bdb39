/** Result row of every benchmark: `met` is null when the row has no target. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. '≤ 3', or null. */
  target: string | null;
  met: boolean | null;
}

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export async function elapsed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Median wall time in ms of `runs` calls after `warmups` unmeasured ones. */
export async function timeMedian(fn: () => Promise<unknown>, runs = 7, warmups = 2): Promise<number> {
  for (let i = 0; i < warmups; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await elapsed(fn));
  return median(times);
}

export function row(
  name: string,
  value: number,
  unit: string,
  target?: { op: '<=' | '>='; limit: number },
): BenchRow {
  const v = round(value, value >= 100 ? 0 : value >= 10 ? 1 : 2);
  if (!target) return { name, value: v, unit, target: null, met: null };
  const met = target.op === '<=' ? value <= target.limit : value >= target.limit;
  return { name, value: v, unit, target: `${target.op === '<=' ? '≤' : '≥'} ${target.limit}`, met };
}

export function formatTable(rows: BenchRow[]): string {
  const header = ['measurement', 'value', 'unit', 'target', 'met'];
  const body = rows.map((r) => [
    r.name,
    String(r.value),
    r.unit,
    r.target ?? '—',
    r.met === null ? '—' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(width(h), ...body.map((b) => width(b[i]))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], i === 1)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function markdownTable(rows: BenchRow[]): string {
  const lines = ['| measurement | value | unit | target | met |', '|---|---:|---|---|---|'];
  for (const r of rows) {
    const met = r.met === null ? '—' : r.met ? 'yes' : '**no**';
    lines.push(`| ${r.name} | ${r.value} | ${r.unit} | ${r.target ?? '—'} | ${met} |`);
  }
  return lines.join('\n');
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}

function pad(s: string, w: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return right ? fill + s : s + fill;
}
