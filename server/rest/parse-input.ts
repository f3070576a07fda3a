import type { z } from 'zod';
import { AppError } from '../errors';

/** Validates one part of a request; failures are 400 invalid_input with each issue's path. */
export function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  if (!schema) return undefined as z.infer<T>;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: [where, ...i.path].join('.'), message: i.message, code: i.code }));
  throw new AppError('invalid_input', `Invalid ${where}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { issues });
}
