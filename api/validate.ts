import type { z } from 'zod';
import { HttpError } from './errors.js';

/** Parse request data with a schema; a mismatch is a 400 naming the first field at fault. */
export function parseOr400<T extends z.ZodType>(schema: T, data: unknown, where: 'body' | 'query' = 'body'): z.infer<T> {
  const result = schema.safeParse(data ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : where;
  throw new HttpError(400, 'invalid_request', `${field}: ${issue.message}`, field);
}
