import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import type { TActor } from '@/policies/actor';
import { sessionActor } from './auth/options';
import { AppError, toAppError, type TErrorCode } from './errors';
import { getDatabase } from './runtime';
import { serviceContext, type TServiceContext } from './services/context';

/** The one place procedures are built: every router uses publicProcedure or authedProcedure. */
export async function createTrpcContext(): Promise<TServiceContext> {
  const { db } = await getDatabase();
  const actor: TActor = (await sessionActor()) ?? { type: 'anonymous' };
  return serviceContext(db, actor);
}

const TRPC_CODES: Record<number, TRPCError['code']> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  500: 'INTERNAL_SERVER_ERROR',
};

const t = initTRPC.context<TServiceContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const appCode: TErrorCode | undefined = cause instanceof AppError ? cause.code : cause instanceof ZodError ? 'invalid_input' : undefined;
    return {
      ...shape,
      message: cause instanceof ZodError ? cause.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ') : shape.message,
      data: { ...shape.data, appCode, issues: cause instanceof ZodError ? cause.issues : undefined, stack: undefined },
    };
  },
});

/** Services throw AppError; tRPC needs TRPCError with the matching HTTP status. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok || result.error.cause instanceof ZodError) return result;
  const cause = result.error.cause ?? result.error;
  if (!(cause instanceof AppError) && !(result.error.code === 'INTERNAL_SERVER_ERROR')) return result;
  const appError = toAppError(cause);
  if (appError.code === 'internal') console.error(cause);
  throw new TRPCError({ code: TRPC_CODES[appError.status] ?? 'INTERNAL_SERVER_ERROR', message: appError.message, cause: appError });
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapErrors);
/** A session is not a permission: this only ensures someone is signed in; services check the rest. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.actor.type === 'anonymous') {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first.', cause: new AppError('unauthenticated', 'Sign in first.') });
  }
  return next({ ctx });
});
