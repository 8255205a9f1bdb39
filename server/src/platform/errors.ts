/** Expected failures, mapped once to HTTP in the error handler. Messages are Chinese; codes are stable. */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldErrors,
  ) {
    super(message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = '记录不存在或无权访问') {
    super(404, 'NOT_FOUND', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = '没有执行此操作的权限', code = 'FORBIDDEN') {
    super(403, code, message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = '请先登录', code = 'UNAUTHENTICATED') {
    super(401, code, message);
  }
}

export class ValidationError extends AppError {
  constructor(fields: FieldErrors, message?: string) {
    super(422, 'VALIDATION_FAILED', message ?? Object.values(fields)[0] ?? '输入有误', fields);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, fields?: FieldErrors) {
    super(409, 'CONFLICT', message, fields);
  }
}

/**
 * The database kept refusing the transaction (deadlock or serialization) after every retry:
 * 503 with `Retry-After`, nothing was written.
 */
export class RetryLaterError extends AppError {
  readonly retryAfterSeconds = 1;
  constructor(message = '系统繁忙，操作未完成，请稍后重试') {
    super(503, 'RETRY_LATER', message);
  }
}
