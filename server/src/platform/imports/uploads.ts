import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../errors.ts';
import { DEFAULT_LIMITS } from './sheet.ts';

/** Uploads are the raw file bytes (no multipart), bounded by the import size limit. */
export function registerUploadParsers(app: FastifyInstance): void {
  for (const type of [
    'application/octet-stream',
    'text/csv',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ]) {
    app.addContentTypeParser(
      type,
      { parseAs: 'buffer', bodyLimit: DEFAULT_LIMITS.maxBytes },
      (_req, body, done) => done(null, body),
    );
  }
}

/** The uploaded file, or the field error every import answers for an empty upload. */
export function uploadedFile(body: unknown): Buffer {
  if (!Buffer.isBuffer(body) || body.length === 0)
    throw new ValidationError({ file: '请上传 .xlsx 或 .csv 文件' });
  return body;
}
