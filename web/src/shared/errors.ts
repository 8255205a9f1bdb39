/**
 * Server errors on screen: field errors go under their form fields (the server names them in
 * Chinese already), anything else becomes one message.
 */
import type { FormInstance } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import { ApiError } from './api.ts';

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Put field errors under the form's fields; returns true when at least one field took a message. */
export function applyFieldErrors(form: FormInstance, error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const registered = new Set(Object.keys(form.getFieldsValue()));
  const fields = Object.entries(error.fields)
    .filter(([name]) => registered.has(name))
    .map(([name, message]) => ({ name, errors: [message] }));
  if (fields.length) form.setFields(fields);
  return fields.length > 0;
}

/** Field errors under the fields; only an error no field can show becomes a message on top. */
export function showFormError(form: FormInstance, error: unknown, message: MessageInstance): void {
  if (!applyFieldErrors(form, error)) message.error(errorText(error));
}
