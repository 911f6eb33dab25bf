/** Errors a client sees: JSON with a stable `code`, a human `message`, and the `field` at fault. */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../config/logger.js';
import { ConflictError } from '../db/util.js';

export { HttpError } from '../domain/errors.js';
import { HttpError } from '../domain/errors.js';

/** The JSON body of every error response. */
export interface ErrorBody {
  code: string;
  message: string;
  field?: string;
}

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/** The last middleware: every error becomes a JSON response; unexpected ones are logged. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    let status = 500;
    let body: ErrorBody = { code: 'internal_error', message: 'Something went wrong on our side; the error has been logged.' };
    const parserError = error as BodyParserError;
    if (error instanceof URIError) {
      status = 400;
      body = { code: 'bad_path', message: 'The path holds a malformed percent-escape (such as %ZZ or a lone %).', field: 'path' };
    } else if (error instanceof HttpError) {
      status = error.status;
      body = { code: error.code, message: error.message, ...(error.field && { field: error.field }) };
    } else if (error instanceof ConflictError) {
      status = 409;
      body = { code: 'conflict', message: error.message, field: error.field };
    } else if (parserError.type === 'entity.too.large') {
      status = 413;
      body = { code: 'payload_too_large', message: `The request body is larger than the ${Math.round((parserError.limit ?? 0) / 1024 / 1024)} MB limit.` };
    } else if (parserError.type === 'entity.parse.failed') {
      status = 400;
      body = { code: 'malformed_json', message: 'The request body is not valid JSON.', field: 'body' };
    } else if (parserError.type && parserError.status && parserError.status < 500) {
      status = parserError.status;
      body = { code: 'bad_request', message: (error as Error).message };
    }
    if (status >= 500) logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    // A body nobody read (refused before reading: 401, 403, 413, 429...) is not drained: the
    // connection closes after the answer instead of receiving megabytes it will throw away.
    if (!req.complete) res.set('Connection', 'close');
    if (error instanceof HttpError && error.retryAfterSeconds !== undefined) res.set('Retry-After', String(error.retryAfterSeconds));
    res.status(status).json(body);
  };
}
