import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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
