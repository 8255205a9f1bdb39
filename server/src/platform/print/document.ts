import fs from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import PDFDocument from 'pdfkit';
import { z } from 'zod';
import type { Actor } from '../actor.ts';
import type { Executor } from '../db.ts';
import { actorOf, noStore, runAction } from '../http.ts';
import type { Permission } from '../permissions.ts';
import { idParam } from '../validation.ts';

/**
 * A record an office files (会议记录, 诉求办理单, 介绍信) as one formal document: title, number,
 * the record's fields and paragraphs, then the signature and seal lines. The same document is
 * rendered as HTML for printing from the browser (print CSS, A4) and as a PDF on the server.
 */
export interface PrintDocument {
  /** 标题, e.g. 中国共产党党员组织关系介绍信. */
  title: string;
  /** 编号 printed under the title. */
  number: string;
  /** The addressee line (介绍信: the receiving organization), if any. */
  to?: string;
  /** Label / value rows (a form's fields). */
  fields?: [label: string, value: string][];
  /** Paragraphs of running text. */
  paragraphs?: string[];
  /** Signature lines: each label gets a line to sign on (经办人, 负责人 …). */
  signatures: string[];
  /** Who seals it (the organization's name); printed with “（盖章）”. */
  seal: string;
  /** The document's date (YYYY-MM-DD). */
  date: string;
}

/** The CJK font every server-side PDF uses (Debian fonts-noto-cjk). */
export const CJK_FONT_PATH =
  process.env.JICENG_CJK_FONT ?? '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const CJK_FONT_NAME = 'NotoSansCJKsc-Regular';

export class MissingFontError extends Error {
  constructor(path: string) {
    super(
      `PDF 需要中文字体 ${path}：请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk），或用 JICENG_CJK_FONT 指向一个含简体中文的 .ttc/.ttf/.otf 字体`,
    );
  }
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const chineseDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y} 年 ${m} 月 ${d} 日`;
};

/** The document as a page to print from the browser (A4, print CSS, a print button hidden on paper). */
export function renderPrintHtml(doc: PrintDocument): string {
  const fields = (doc.fields ?? [])
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v).replace(/\n/g, '<br>')}</td></tr>`)
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.title)} ${esc(doc.number)}</title>
<style>
@page{size:A4;margin:25mm 20mm}
body{font-family:"Noto Serif CJK SC","SimSun","Songti SC",serif;max-width:720px;margin:24px auto;padding:0 16px;line-height:1.9;font-size:16px;color:#000}
h1{text-align:center;font-size:24px;letter-spacing:4px;margin:8px 0 4px}
.no{text-align:right;margin:0 0 16px}
table{width:100%;border-collapse:collapse;margin:12px 0}
th,td{border:1px solid #000;padding:6px 8px;text-align:left;vertical-align:top}
th{width:26%;font-weight:normal;background:#f5f5f5;white-space:nowrap}
p{text-indent:2em;margin:8px 0}p.to{text-indent:0}
.signs{display:flex;flex-wrap:wrap;gap:8px 32px;margin-top:40px}
.signs span{flex:1 1 200px}
.seal{text-align:right;margin-top:40px}
.toolbar{text-align:right}
@media print{.toolbar{display:none}body{margin:0;max-width:none}th{background:none}}
</style></head><body>
<div class="toolbar"><button type="button" onclick="window.print()">打印</button></div>
<h1>${esc(doc.title)}</h1><div class="no">编号：${esc(doc.number)}</div>
${doc.to ? `<p class="to">${esc(doc.to)}：</p>` : ''}
${fields ? `<table>${fields}</table>` : ''}
${(doc.paragraphs ?? []).map((p) => `<p>${esc(p)}</p>`).join('\n')}
<div class="signs">${doc.signatures.map((s) => `<span>${esc(s)}（签字）：____________</span>`).join('')}</div>
<div class="seal">${esc(doc.seal)}（盖章）<br>${esc(chineseDate(doc.date))}</div>
</body></html>`;
}

/** The document as an A4 PDF with the CJK font embedded (subset). Fails clearly without the font. */
export function renderPrintPdf(doc: PrintDocument): Promise<Buffer> {
  if (!fs.existsSync(CJK_FONT_PATH)) return Promise.reject(new MissingFontError(CJK_FONT_PATH));
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({
      size: 'A4',
      margins: { top: 70, bottom: 70, left: 60, right: 60 },
      info: { Title: `${doc.title} ${doc.number}`, Subject: doc.number, Producer: 'Jiceng' },
    });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.registerFont('cjk', CJK_FONT_PATH, CJK_FONT_NAME);
    pdf.font('cjk');
    const width = pdf.page.width - 120;
    pdf.fontSize(20).text(doc.title, { align: 'center', characterSpacing: 2 });
    pdf.moveDown(0.3).fontSize(11).text(`编号：${doc.number}`, { align: 'right' });
    pdf.moveDown(0.8).fontSize(12);
    if (doc.to) pdf.text(`${doc.to}：`).moveDown(0.3);
    for (const [label, value] of doc.fields ?? []) {
      const top = pdf.y;
      pdf.text(label, 60, top, { width: width * 0.26 });
      const labelBottom = pdf.y;
      pdf.text(value || '—', 60 + width * 0.28, top, { width: width * 0.72 });
      const bottom = Math.max(labelBottom, pdf.y) + 4;
      pdf
        .moveTo(60, bottom)
        .lineTo(60 + width, bottom)
        .lineWidth(0.5)
        .stroke();
      pdf.x = 60;
      pdf.y = bottom + 6;
    }
    for (const p of doc.paragraphs ?? [])
      pdf.text(p, 60, pdf.y, { width, indent: 24, lineGap: 4 }).moveDown(0.4);
    pdf.moveDown(2);
    for (const s of doc.signatures)
      pdf.text(`${s}（签字）：________________`, 60, pdf.y, { width }).moveDown(0.8);
    pdf.moveDown(1.5);
    pdf.text(`${doc.seal}（盖章）`, 60, pdf.y, { width, align: 'right' });
    pdf.text(chineseDate(doc.date), 60, pdf.y, { width, align: 'right' });
    pdf.end();
  });
}

/** What a print route loads: the document and where it belongs (for its audit row). */
export interface Printable {
  document: PrintDocument;
  objectType: string;
  objectId: number;
  orgPath: string;
}

/**
 * Mounts `GET <path>/print` (HTML to print from the browser) and `GET <path>/print.pdf` for one
 * kind of record. `load` finds the record in the caller's scope (404 outside); every print is
 * audited (`<auditPrefix>.print`, with the format) in the same transaction that read it.
 */
export function mountPrint(
  app: FastifyInstance,
  spec: {
    /** The record's path with `:id`, e.g. `/member-transfers/:id`. */
    path: string;
    access: Permission;
    tags: string[];
    summary: string;
    audit: string;
    load: (db: Executor, actor: Actor, id: number) => Promise<Printable>;
  },
): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const loadAudited = (request: FastifyRequest, id: number, format: 'html' | 'pdf') =>
    runAction(request, async (trx, audit) => {
      const p = await spec.load(trx, actorOf(request), id);
      await audit({
        action: spec.audit,
        objectType: p.objectType,
        objectId: p.objectId,
        orgPath: p.orgPath,
        detail: { format, number: p.document.number },
      });
      return p;
    });
  typed.get(
    `${spec.path}/print`,
    {
      config: { access: spec.access },
      schema: {
        tags: spec.tags,
        summary: `${spec.summary}（打印）`,
        params: idParam,
        response: { 200: z.any().describe('可打印的文书（HTML）') },
      },
    },
    async (request, reply) => {
      const p = await loadAudited(request, request.params.id, 'html');
      noStore(reply);
      return reply.type('text/html; charset=utf-8').send(renderPrintHtml(p.document));
    },
  );
  typed.get(
    `${spec.path}/print.pdf`,
    {
      config: { access: spec.access },
      schema: {
        tags: spec.tags,
        summary: `${spec.summary}（PDF）`,
        params: idParam,
        response: { 200: z.any().describe('文书 PDF') },
      },
    },
    async (request, reply) => {
      const p = await loadAudited(request, request.params.id, 'pdf');
      const pdf = await renderPrintPdf(p.document);
      noStore(reply);
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `inline; filename*=UTF-8''${encodeURIComponent(`${p.document.title}-${p.document.number}.pdf`)}`,
        )
        .send(pdf);
    },
  );
}
