import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AppError,
  ERROR_CODES,
  ERRORS,
  type ErrorCode,
  type FieldError,
} from '../kernel/errors.js';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    requestId: z.string(),
    instance: z.string().optional(),
    errors: z
      .array(
        z.object({
          pointer: z.string(),
          message: z.string(),
          row: z.number().int().optional(),
          column: z.string().optional(),
        }),
      )
      .optional(),
    retryAfter: z.number().int().optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Answers with a problem+json body; the status is the code's (ERRORS). */
export function sendProblem(
  req: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  detail: string,
  errors?: FieldError[],
  extra: Record<string, unknown> = {},
) {
  const status = ERRORS[code].status;
  return reply
    .status(status)
    .header('x-request-id', String(req.id))
    .type('application/problem+json')
    .send({
      type: `urn:aims:problem:${code.toLowerCase().replace(/_/g, '-')}`,
      title: TITLES[status] ?? 'Error',
      status,
      detail,
      code,
      requestId: String(req.id),
      instance: req.url.split('?')[0],
      ...(errors && errors.length ? { errors } : {}),
      ...extra,
    });
}

/** Maps Fastify's own errors (body parsing, limits) onto our codes. */
const FASTIFY_CODES: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    'MALFORMED_JSON',
    'The Content-Length does not match the body.',
  ],
  FST_ERR_CTP_BODY_TOO_LARGE: [
    'PAYLOAD_TOO_LARGE',
    'The request body is larger than the configured limit.',
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: [
    'MALFORMED_JSON',
    'The content type is JSON but the body is empty.',
  ],
  FST_ERR_CTP_INVALID_JSON_BODY: ['MALFORMED_JSON', 'The request body is not valid JSON.'],
  FST_REQ_FILE_TOO_LARGE: ['PAYLOAD_TOO_LARGE', 'The file is larger than the configured limit.'],
  FST_FILES_LIMIT: ['PAYLOAD_TOO_LARGE', 'Send one file per request.'],
  FST_PARTS_LIMIT: ['PAYLOAD_TOO_LARGE', 'Too many parts in the multipart body.'],
  FST_FIELDS_LIMIT: ['PAYLOAD_TOO_LARGE', 'Too many fields in the multipart body.'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [
    'UNSUPPORTED_MEDIA_TYPE',
    'Send the file as multipart/form-data.',
  ],
};

export function errorHandler(
  err: FastifyError | AppError | Error,
  req: FastifyRequest,
  reply: FastifyReply,
) {
  if (err instanceof AppError) {
    if (err.status === 429)
      reply.header(
        'retry-after',
        String((err as AppError & { retryAfter?: number }).retryAfter ?? 60),
      );
    return sendProblem(req, reply, err.code, err.message, err.errors);
  }
  const fe = err as FastifyError;
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return sendProblem(req, reply, mapped[0], mapped[1]);
  if (err instanceof SyntaxError || fe.code === 'FST_ERR_CTP_INVALID_JSON') {
    return sendProblem(req, reply, 'MALFORMED_JSON', ERROR_CODES.MALFORMED_JSON);
  }
  // A unique constraint that a concurrent request won between our check and our write.
  const dbCode = (err as { code?: unknown }).code;
  if (
    dbCode === 'SQLITE_CONSTRAINT_UNIQUE' ||
    dbCode === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    dbCode === '23505'
  ) {
    return sendProblem(req, reply, 'CONFLICT', ERROR_CODES.CONFLICT);
  }
  // A foreign key the database enforces: a record still referenced by another (commands check
  // references first, so this is what a concurrent change left behind).
  if (dbCode === 'SQLITE_CONSTRAINT_FOREIGNKEY' || dbCode === '23503') {
    return sendProblem(
      req,
      reply,
      'IN_USE',
      'Another record refers to this one, or the record it refers to is gone.',
    );
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Any other client error Fastify raises: the code that fits its status, else a plain 400.
    const code: ErrorCode =
      fe.statusCode === 413
        ? 'PAYLOAD_TOO_LARGE'
        : fe.statusCode === 415
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : 'VALIDATION_FAILED';
    return sendProblem(req, reply, code, fe.message);
  }
  req.log.error({ err }, 'unhandled error');
  return sendProblem(
    req,
    reply,
    'INTERNAL',
    'An unexpected error occurred; quote the request id when reporting it.',
  );
}

/**
 * A problem+json answer written straight to the socket, for requests Node's HTTP parser refuses
 * before Fastify sees them (over-long request lines and headers, malformed requests).
 */
export function rawProblem(code: ErrorCode, detail: string): string {
  const status = ERRORS[code].status;
  const body = JSON.stringify({
    type: `urn:aims:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
  });
  return [
    `HTTP/1.1 ${status} ${TITLES[status] ?? 'Error'}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
