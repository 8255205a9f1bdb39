/**
 * The web's i18n catalogues (issue 14): every zh-CN key has its en-US text, every key a checked
 * page asks for exists in both languages, and a checked page writes no Chinese outside the
 * catalogue (data such as names and organizations comes from the server).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB = path.join(ROOT, 'web/src');

interface Catalogue {
  'zh-CN': Record<string, string>;
  'en-US': Record<string, string>;
}

/** Pages whose every string comes from the catalogue (grow this list as pages are finished). */
const CHECKED_PAGES = [
  'modules/cockpit/CockpitPage.tsx',
  'modules/members/MembersPage.tsx',
  'modules/members/MemberDetailPage.tsx',
  'modules/members/MemberForm.tsx',
  'modules/members/RevealDialog.tsx',
  'modules/members/MyMemberPage.tsx',
  'modules/members/ConflictsPage.tsx',
  'modules/members/ExportRequestsPage.tsx',
  'modules/members/ImportPage.tsx',
  'modules/members/RulesPage.tsx',
  'modules/members/RulesForm.tsx',
  'modules/members/RulesValue.tsx',
  'modules/members/RulesHistory.tsx',
  'modules/orgs/OrgListPage.tsx',
  'modules/orgs/OrgDetailPage.tsx',
  'modules/orgs/SetupAdvice.tsx',
  'modules/orgs/OrgTree.tsx',
  'modules/orgs/OrgForms.tsx',
  // people (issue 14): organizational life, requests, points, service centres, to-dos
  'modules/org-life/BranchPage.tsx',
  'modules/org-life/MeetingPage.tsx',
  'modules/org-life/SupervisionPage.tsx',
  'modules/org-life/MyMeetingsPage.tsx',
  'modules/org-life/Leave.tsx',
  'modules/org-life/DigestCard.tsx',
  'modules/service-requests/RequestDeskPage.tsx',
  'modules/service-requests/RequestTimeline.tsx',
  'modules/service-requests/MyRequestsPage.tsx',
  'modules/points/RankingPage.tsx',
  'modules/points/RequestsPage.tsx',
  'modules/points/MyPointsPage.tsx',
  'modules/service-centers/CentersPage.tsx',
  'modules/service-centers/CenterDetailPage.tsx',
  'modules/notifications/TodosPage.tsx',
  'modules/notifications/TodoBell.tsx',
  'modules/members/TransfersPage.tsx',
  'modules/proposals/ProposalListPage.tsx',
  'modules/proposals/ProposalDetailPage.tsx',
  'modules/proposals/ProposalNewPage.tsx',
  'modules/accounts/AccountsPage.tsx',
  'modules/dual-reporting/DualReportingPage.tsx',
  'modules/open311/Open311KeysPage.tsx',
  'modules/open311/Open311ServicesPage.tsx',
  'modules/volunteers/ActivityPage.tsx',
  'modules/orgs/OrgImportModal.tsx',
  'modules/audit/AuditPage.tsx',
  'modules/co-building/CoBuildingPage.tsx',
  'modules/open311/Open311RequestDetails.tsx',
  'modules/volunteers/VolunteersPage.tsx',
  'modules/new-orgs/NewOrgsPage.tsx',
  'modules/work-calendar/WorkCalendarPage.tsx',
];

function catalogueFiles(): string[] {
  const files = [path.join(WEB, 'app/i18n.ts'), path.join(WEB, 'shared/messages.ts')];
  for (const m of fs.readdirSync(path.join(WEB, 'modules'))) {
    const file = path.join(WEB, 'modules', m, 'i18n.ts');
    if (fs.existsSync(file)) files.push(file);
  }
  return files;
}

const isCatalogue = (v: unknown): v is Catalogue =>
  typeof v === 'object' && v !== null && 'zh-CN' in v && 'en-US' in v;

/** Keys present in zh-CN and missing (or empty where zh-CN has text) in en-US, per catalogue. */
function missingKeys(c: Catalogue): string[] {
  return Object.keys(c['zh-CN']).filter((k) => {
    const en = c['en-US'][k];
    return typeof en !== 'string' || (en.trim() === '' && c['zh-CN'][k].trim() !== '');
  });
}

/** Source without comments: block comments, JSX comments and line comments. */
function withoutComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Lines of a page that hold Chinese outside comments (string literals or JSX text). */
function chineseLiterals(source: string): string[] {
  return withoutComments(source)
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => /\p{Script=Han}/u.test(line))
    .map(({ line, n }) => `${n}: ${line}`);
}

/** Literal keys a page asks for: t('ns.key') and t(`ns.key`) without interpolation. */
function keysAskedFor(source: string): string[] {
  const out: string[] = [];
  for (const m of withoutComments(source).matchAll(/\bt\(\s*(['"`])([a-zA-Z-]+\.[\w.-]+)\1/g)) out.push(m[2]);
  return out;
}

async function loadNamespaces(): Promise<Map<string, Catalogue[]>> {
  const byNamespace = new Map<string, Catalogue[]>();
  const add = (ns: string, c: Catalogue) => byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), c]);
  for (const file of catalogueFiles()) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const rel = path.relative(WEB, file);
    const ns = rel.startsWith('modules/') ? rel.split('/')[1] : rel.startsWith('app/') ? 'app' : 'common';
    for (const v of Object.values(mod)) if (isCatalogue(v)) add(ns, v);
  }
  return byNamespace;
}

describe('web i18n catalogues', () => {
  it('the checks themselves catch a missing key and a Chinese literal', () => {
    expect(missingKeys({ 'zh-CN': { a: '甲', b: '乙' }, 'en-US': { a: 'A' } })).toEqual(['b']);
    expect(missingKeys({ 'zh-CN': { a: '甲' }, 'en-US': { a: '' } })).toEqual(['a']);
    expect(missingKeys({ 'zh-CN': { a: '甲' }, 'en-US': { a: 'A' } })).toEqual([]);
    expect(chineseLiterals('// 注释\nconst a = 1; /* 说明 */\n<Button>查询</Button>\n')).toEqual([
      '3: <Button>查询</Button>',
    ]);
    expect(chineseLiterals("const url = 'https://example.org'; const x = '党员';")).toHaveLength(1);
  });

  it('every zh-CN key has its en-US text, in every catalogue of the web', async () => {
    const namespaces = await loadNamespaces();
    expect(namespaces.size).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const [ns, catalogues] of namespaces)
      for (const c of catalogues) for (const k of missingKeys(c)) missing.push(`${ns}.${k}`);
    expect(missing).toEqual([]);
  });

  it('the checked pages ask only for keys both languages have, and write no Chinese themselves', async () => {
    const namespaces = await loadNamespaces();
    const has = (key: string, locale: 'zh-CN' | 'en-US') => {
      const dot = key.indexOf('.');
      return (namespaces.get(key.slice(0, dot)) ?? []).some((c) => key.slice(dot + 1) in c[locale]);
    };
    const problems: string[] = [];
    let asked = 0;
    for (const page of CHECKED_PAGES) {
      const source = fs.readFileSync(path.join(WEB, page), 'utf8');
      for (const line of chineseLiterals(source)) problems.push(`${page}:${line}`);
      asked += keysAskedFor(source).length;
      for (const key of keysAskedFor(source))
        for (const locale of ['zh-CN', 'en-US'] as const)
          if (!has(key, locale)) problems.push(`${page}: ${key} missing in ${locale}`);
    }
    expect(problems).toEqual([]);
    expect(asked).toBeGreaterThan(100);
  });
});
