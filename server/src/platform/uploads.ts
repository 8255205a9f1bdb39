import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ValidationError } from './errors.ts';

/**
 * File uploads (multipart/form-data), registered once by the platform: one file a request, no other
 * fields, at most `UPLOAD_MAX_BYTES` unless the route asks for less. Spreadsheet imports send raw
 * bytes instead (platform/imports).
 */
export const UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

export async function registerUploads(app: FastifyInstance): Promise<void> {
  await app.register(multipart, { limits: { fileSize: UPLOAD_MAX_BYTES, files: 1, fields: 0, parts: 1 } });
}

export interface Upload {
  /** The name the browser sent, without any folder part; may be empty. */
  filename: string;
  buffer: Buffer;
}

function tooLarge(maxBytes: number): AppError {
  const message = `文件不能超过 ${maxBytes / 1024 / 1024} MB`;
  return new AppError(413, 'FILE_TOO_LARGE', message, { file: message });
}

/** The one uploaded file of a request: 400 when the request carries none, 413 above `maxBytes`. */
export async function readUpload(request: FastifyRequest, maxBytes = UPLOAD_MAX_BYTES): Promise<Upload> {
  if (!request.isMultipart()) {
    throw new AppError(400, 'NOT_MULTIPART', '请以 multipart/form-data 上传文件', {
      file: '请以 multipart/form-data 上传文件',
    });
  }
  const file = await request.file({ limits: { fileSize: Math.min(maxBytes, UPLOAD_MAX_BYTES) } });
  if (!file) throw new ValidationError({ file: '请选择要上传的文件' });
  const buffer = await file.toBuffer().catch(() => {
    throw tooLarge(maxBytes);
  });
  if (file.file.truncated) throw tooLarge(maxBytes);
  return { filename: file.filename ?? '', buffer };
}

/** Evidence files a record may carry: photos and PDF documents, recognised by their first bytes. */
const EVIDENCE_TYPES: readonly { mime: string; magic: number[]; at?: number }[] = [
  { mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { mime: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
  { mime: 'image/webp', magic: [0x57, 0x45, 0x42, 0x50], at: 8 },
  { mime: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46] },
];

/** The uploaded evidence's type from its content (never the name the browser sent): 400 unless a photo or PDF. */
export function evidenceMime(buffer: Buffer): string {
  const found = EVIDENCE_TYPES.find((t) => t.magic.every((b, i) => buffer[(t.at ?? 0) + i] === b));
  if (!found) throw new ValidationError({ file: '只能上传照片（JPEG、PNG、WebP）或 PDF 文件' });
  return found.mime;
}

/** Sends a stored file as a download (the name RFC 5987-encoded; never rendered inline). */
export function sendStoredFile(
  reply: FastifyReply,
  file: { filename: string; mime: string; content: Buffer },
) {
  return reply
    .header('content-type', file.mime)
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-disposition',
      `${file.mime.startsWith('image/') ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.filename || 'file')}`,
    )
    .send(file.content);
}
