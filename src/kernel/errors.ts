/**
 * Every error code the API and CLI can answer with: its HTTP status and what it means. Codes are
 * stable, clients may branch on them, and a code always answers with the same status (one rule,
 * one status). Problem `type` URIs are derived from the code.
 */
export const ERRORS = {
  VALIDATION_FAILED: {
    status: 400,
    meaning: 'The request does not match the schema; see errors[] for each field.',
  },
  MALFORMED_JSON: { status: 400, meaning: 'The request body is not valid JSON.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    meaning: 'The request body has a content type this endpoint does not accept.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    meaning: 'The request body is larger than the configured limit.',
  },
  MALFORMED_URL: {
    status: 400,
    meaning: 'The URL cannot be read (broken percent-encoding).',
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    meaning: 'The request line or headers are longer than the server accepts.',
  },
  MALFORMED_REQUEST: {
    status: 400,
    meaning: 'The HTTP request cannot be read.',
  },
  URL_TOO_LONG: { status: 414, meaning: 'A path segment of the URL is too long.' },
  MALFORMED_MULTIPART: {
    status: 400,
    meaning: 'The multipart body cannot be read (a missing boundary, a cut-off part).',
  },
  NOT_FOUND: { status: 404, meaning: 'No such resource, or the caller may not see it.' },
  ROUTE_NOT_FOUND: { status: 404, meaning: 'No endpoint answers this method and path.' },
  UNAUTHENTICATED: { status: 401, meaning: 'Sign in or send a valid API token.' },
  INVALID_CREDENTIALS: { status: 401, meaning: 'The email or password is wrong.' },
  CSRF_FAILED: {
    status: 403,
    meaning: 'The X-CSRF-Token header is missing or does not match the session.',
  },
  FORBIDDEN: {
    status: 403,
    meaning: 'The caller may see this resource but may not perform this action.',
  },
  TOKEN_SCOPE: {
    status: 403,
    meaning: 'The API token was not granted the scope this action needs.',
  },
  SCOPE_TOO_WIDE: {
    status: 403,
    meaning:
      "A new API token may not have a scope beyond its member's role or, when a token creates it, beyond that token's scopes; see errors[].",
  },
  RATE_LIMITED: { status: 429, meaning: 'Too many attempts; try again later.' },
  VERSION_MISMATCH: {
    status: 412,
    meaning: 'If-Match does not match the current version: reload and retry.',
  },
  PRECONDITION_INVALID: {
    status: 400,
    meaning: 'The If-Match header is not a version ETag of this API.',
  },
  SETUP_DONE: { status: 409, meaning: 'First-run setup is only available on an empty instance.' },
  SLUG_TAKEN: { status: 409, meaning: 'Another organization already uses this slug.' },
  ALREADY_MEMBER: { status: 409, meaning: 'The user is already a member of this organization.' },
  ALREADY_ASSIGNED: { status: 409, meaning: 'The member is already assigned to this AI system.' },
  PASSWORD_REQUIRED: { status: 422, meaning: 'A new user needs a password.' },
  LAST_OWNER: { status: 409, meaning: 'An organization must keep at least one owner.' },
  TOKEN_REVOKED: { status: 409, meaning: 'The API token was already revoked.' },
  INVALID_EXPIRY: { status: 422, meaning: 'The expiry must be in the future.' },
  UNKNOWN_REFERENCE: {
    status: 422,
    meaning: 'A field refers to a record or member that does not exist in this organization.',
  },
  IN_USE: {
    status: 409,
    meaning: 'The record is still referenced, or must stay in the record; see detail.',
  },
  INVALID_TRANSITION: {
    status: 422,
    meaning: 'The life cycle transition is not allowed from the current stage.',
  },
  SELF_APPROVAL: {
    status: 422,
    meaning: 'The author of a record may not approve it, nor decide on it (four-eyes rule).',
  },
  INVALID_STATE: {
    status: 409,
    meaning: 'The record is not in a state that allows this step; see detail.',
  },
  GATE_FAILED: {
    status: 409,
    meaning:
      'The life cycle gate of the transition is not passed; errors[] names each unmet criterion.',
  },
  INCONSISTENT_INPUT: {
    status: 422,
    meaning: 'A field contradicts another field or the record it changes; see errors[].',
  },
  VERSION_LOCKED: {
    status: 409,
    meaning: 'An approved or published version cannot be edited: make a new version.',
  },
  IMPORT_INVALID: {
    status: 422,
    meaning:
      'The import file has bad rows (each listed with row and column); nothing was imported.',
  },
  ALREADY_IMPORTED: {
    status: 409,
    meaning:
      'The same file (same SHA-256) was imported into this register before; nothing was changed (again=true imports it once more).',
  },
  DOCUMENT_INVALID: {
    status: 422,
    meaning:
      'The imported document (a CycloneDX BOM, an OSCAL document) is not one aims can import; errors[] names each problem with a pointer into it; nothing was imported.',
  },
  OUT_OF_SCALE: {
    status: 422,
    meaning: 'A likelihood or impact is outside the scales of the risk criteria.',
  },
  SELF_ACCEPTANCE: {
    status: 422,
    meaning: "A risk's owner may not accept it; another manager or owner must.",
  },
  NOT_INDEPENDENT: {
    status: 422,
    meaning:
      'Whoever checks work may not have done it: the effectiveness of corrective actions is not checked by whoever owned, planned or did one of them, and an auditor does not audit records they own or authored; see errors[].',
  },
  NOT_AUDITOR: {
    status: 422,
    meaning:
      "Only an audit's team conducts it: its lead auditor or auditors start it and record its checklist and findings, and its lead auditor issues its report.",
  },
  BLOB_CORRUPT: {
    status: 409,
    meaning: 'A stored file no longer matches its recorded SHA-256 and is not served.',
  },
  ALREADY_ADDED: {
    status: 409,
    meaning: 'The suggestion is already in the register (a record with the same title exists).',
  },
  CONFLICT: {
    status: 409,
    meaning:
      'The change collides with a concurrent one (a unique value was taken meanwhile); retry.',
  },
  BATCH_KEY_REUSED: {
    status: 409,
    meaning:
      'This batch key was used before for a different batch; a re-sent batch must be the same, a new batch needs a new key.',
  },
  LEDGER_ALARM: {
    status: 503,
    meaning:
      "The organization's ledger is in alarm (its stored chain no longer matches what was signed): changes are refused until the operator has looked; reads still work.",
  },
  INTERNAL: {
    status: 500,
    meaning: 'An unexpected error; the request id identifies it in the logs.',
  },
  WRONG_PASSWORD: {
    status: 422,
    meaning: 'The current password given to confirm an account change is wrong.',
  },
  SECOND_FACTOR_REQUIRED: {
    status: 401,
    meaning:
      'The account has a second factor: send the code of the authenticator app (or a recovery code) as well.',
  },
  INVALID_CODE: {
    status: 422,
    meaning: 'The authenticator or recovery code is wrong, or was already used.',
  },
  INVALID_LINK: {
    status: 422,
    meaning: 'The link is unknown, was already used, was withdrawn or has expired.',
  },
  ACCOUNT_EXISTS: {
    status: 409,
    meaning: 'An account with this e-mail address exists: sign in as it to accept the invitation.',
  },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** Each code's meaning, as the OpenAPI document lists them. */
export const ERROR_CODES = Object.fromEntries(
  Object.entries(ERRORS).map(([code, e]) => [code, e.meaning]),
) as Record<ErrorCode, string>;

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
  /** The HTTP status, from the code's entry in ERRORS. */
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly errors?: FieldError[],
  ) {
    super(message ?? ERRORS[code].meaning);
    this.status = ERRORS[code].status;
  }
}

export const notFound = (what = 'resource') => new AppError('NOT_FOUND', `No such ${what}.`);
export const forbidden = (message?: string) => new AppError('FORBIDDEN', message);
