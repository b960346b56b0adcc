/**
 * Every error code the API and CLI can answer with, and what it means. Codes are stable: clients
 * may branch on them. Problem `type` URIs are derived from the code.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 'The request does not match the schema; see errors[] for each field.',
  MALFORMED_JSON: 'The request body is not valid JSON.',
  UNSUPPORTED_MEDIA_TYPE: 'The request body has a content type this endpoint does not accept.',
  PAYLOAD_TOO_LARGE: 'The request body is larger than the configured limit.',
  MALFORMED_URL: 'The URL cannot be read: broken percent-encoding or a path segment too long.',
  MALFORMED_MULTIPART: 'The multipart body cannot be read (a missing boundary, a cut-off part).',
  NOT_FOUND: 'No such resource, or the caller may not see it.',
  ROUTE_NOT_FOUND: 'No endpoint answers this method and path.',
  UNAUTHENTICATED: 'Sign in or send a valid API token.',
  INVALID_CREDENTIALS: 'The email or password is wrong.',
  CSRF_FAILED: 'The X-CSRF-Token header is missing or does not match the session.',
  FORBIDDEN: 'The caller may see this resource but may not perform this action.',
  TOKEN_SCOPE: 'The API token was not granted the scope this action needs.',
  RATE_LIMITED: 'Too many attempts; try again later.',
  VERSION_MISMATCH: 'If-Match does not match the current version: reload and retry.',
  PRECONDITION_INVALID: 'The If-Match header is not a version ETag of this API.',
  SETUP_DONE: 'First-run setup is only available on an empty instance.',
  SLUG_TAKEN: 'Another organization already uses this slug.',
  ALREADY_MEMBER: 'The user is already a member of this organization.',
  PASSWORD_REQUIRED: 'A new user needs a password.',
  LAST_OWNER: 'An organization must keep at least one owner.',
  TOKEN_REVOKED: 'The API token was already revoked.',
  INVALID_EXPIRY: 'The expiry must be in the future.',
  UNKNOWN_REFERENCE:
    'A field refers to a record or member that does not exist in this organization.',
  IN_USE: 'The record is still referenced, or must stay in the record; see detail.',
  INVALID_TRANSITION: 'The life cycle transition is not allowed from the current stage.',
  SELF_APPROVAL: 'The author of a record may not approve it, nor decide on it (four-eyes rule).',
  INVALID_STATE: 'The record is not in a state that allows this step; see detail.',
  VERSION_LOCKED: 'An approved or published version cannot be edited: make a new version.',
  IMPORT_INVALID:
    'The import file has bad rows (each listed with row and column); nothing was imported.',
  OUT_OF_SCALE: 'A likelihood or impact is outside the scales of the risk criteria.',
  SELF_ACCEPTANCE: "A risk's owner may not accept it; another manager or owner must.",
  BLOB_CORRUPT: 'A stored file no longer matches its recorded SHA-256 and is not served.',
  CONFLICT:
    'The change collides with a concurrent one (a unique value was taken meanwhile); retry.',
  INTERNAL: 'An unexpected error; the request id identifies it in the logs.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError {
  /** RFC 6901 JSON pointer into the request part, prefixed by the part: /body/name, /query/limit. */
  pointer: string;
  message: string;
  /** For import files: the spreadsheet row (header = 1) and column. */
  row?: number;
  column?: string;
}

/** A domain error; the API turns it into RFC 9457 problem+json and the CLI into a message. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message?: string,
    readonly errors?: FieldError[],
  ) {
    super(message ?? ERROR_CODES[code]);
  }
}

export const notFound = (what = 'resource') => new AppError(404, 'NOT_FOUND', `No such ${what}.`);
export const forbidden = (message?: string) => new AppError(403, 'FORBIDDEN', message);
export const conflict = (code: ErrorCode, message?: string) => new AppError(409, code, message);
export const unprocessable = (code: ErrorCode, message?: string, errors?: FieldError[]) =>
  new AppError(422, code, message, errors);
