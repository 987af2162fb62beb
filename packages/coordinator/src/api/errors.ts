/**
 * One error shape for every answer that is not a success:
 * `{statusCode, code, error, message}`. `error` is the status's reason
 * phrase and `code` a stable kebab-case name per status (or the
 * {@link CoordinatorError} code), so clients can branch on `code` without
 * parsing messages. One error handler and one not-found handler produce it.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { CoordinatorError } from '../errors.js';

/** The body of every error response. */
export interface ErrorResponse {
  statusCode: number;
  code: string;
  error: string;
  message: string;
}

/** Stable codes for statuses that have no more specific {@link CoordinatorError} code. */
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  408: 'request-timeout',
  409: 'conflict',
  411: 'length-required',
  413: 'payload-too-large',
  414: 'uri-too-long',
  415: 'unsupported-media-type',
  416: 'range-not-satisfiable',
  422: 'unprocessable',
  429: 'rate-limited',
  431: 'headers-too-large',
  500: 'internal',
  501: 'not-implemented',
  502: 'bad-gateway',
  503: 'unavailable',
  504: 'gateway-timeout',
  507: 'insufficient-storage',
};

/** The stable code of an HTTP status (`client-error` / `server-error` for unlisted ones). */
export function codeForStatus(status: number): string {
  return CODE_BY_STATUS[status] ?? (status < 500 ? 'client-error' : 'server-error');
}

/** Builds the error body; `code` defaults to the status's code. */
export function errorBody(statusCode: number, message: string, code = codeForStatus(statusCode)): ErrorResponse {
  return { statusCode, code, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

/** Sends an error body with its status. */
export function sendError(reply: FastifyReply, statusCode: number, message: string, code?: string): FastifyReply {
  return reply.status(statusCode).send(errorBody(statusCode, message, code));
}

/** Installs the one error handler and the one not-found handler on the root app. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const message = err.validation
        .map(
          (v) =>
            `${v.instancePath.replace(/^\//, '').replace(/\//g, '.') || err.validationContext || 'body'}: ${v.message ?? 'invalid'}`,
        )
        .join('; ');
      return sendError(reply, 400, message);
    }
    if (err instanceof CoordinatorError) return sendError(reply, err.statusCode, err.message, err.code);
    // Fastify's own client errors (bad JSON, body too large, wrong content
    // type, bad URL): their status decides the code.
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500)
      return sendError(reply, err.statusCode, err.message);
    req.log.error({ err: err.message }, 'request failed');
    return sendError(reply, 500, 'internal error');
  });
  app.setNotFoundHandler((req, reply) =>
    sendError(reply, 404, `route ${req.method} ${req.url.split('?')[0] ?? ''} not found`),
  );
}
