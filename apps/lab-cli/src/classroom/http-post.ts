// One small HTTP request with a hard deadline (connect, DNS and answer included), for talking to the classroom.

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** The classroom's answer. */
export interface ClassroomAnswer {
  readonly status: number;
  /** The parsed JSON body, or undefined. */
  readonly body: unknown;
}

/** The classroom did not answer in time, or could not be reached at all. */
export class ClassroomUnreachableError extends Error {
  readonly code = 'CLASSROOM_UNREACHABLE';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ClassroomUnreachableError';
  }
}

/**
 * Sends `method url` with a JSON body and resolves with the status and JSON answer. No connection is kept
 * alive, so the CLI exits as soon as it is done.
 * @throws ClassroomUnreachableError when no answer arrives within `timeoutMs` (everything included) or the connection fails.
 */
export function sendJson(
  method: 'POST' | 'DELETE',
  url: string,
  options: { body?: unknown; headers?: Record<string, string>; timeoutMs: number },
): Promise<ClassroomAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(target, {
      method,
      agent: false,
      headers: {
        accept: 'application/json',
        connection: 'close',
        ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        ...options.headers,
      },
    });
    const timer = setTimeout(() => {
      req.destroy(new ClassroomUnreachableError(`no answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof ClassroomUnreachableError ? error : new ClassroomUnreachableError(error.message, { cause: error }));
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (text.length < 64 * 1024) text += chunk;
      });
      res.on('error', (error) => req.destroy(error));
      res.on('end', () => {
        clearTimeout(timer);
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.end(payload);
  });
}

/** The `error` text of a classroom answer, or `HTTP <status>`. */
export function answerError(answer: ClassroomAnswer): string {
  const error = (answer.body as { error?: unknown } | undefined)?.error;
  return typeof error === 'string' ? error : `HTTP ${answer.status}`;
}
