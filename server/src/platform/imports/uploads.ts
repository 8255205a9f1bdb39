import type { FastifyInstance } from 'fastify';
import { AppError, ValidationError } from '../errors.ts';
import { checkZip, DEFAULT_LIMITS } from './sheet.ts';

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

/**
 * The uploaded file after the zip bomb guard (an .xlsx file is inflated as a stream, counting
 * bytes): a file that inflates past the limits is refused before any job or parser sees it.
 */
export async function checkedUpload(body: unknown): Promise<Buffer> {
  const bytes = uploadedFile(body);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const problem = await checkZip(bytes, DEFAULT_LIMITS);
    // 413 for a file that inflates too far, 400 for one that is not a readable zip.
    if (problem?.includes('压缩炸弹')) throw new AppError(413, 'FILE_TOO_LARGE', problem, { file: problem });
    if (problem) throw new AppError(400, 'INVALID_FILE', problem, { file: problem });
  }
  return bytes;
}
