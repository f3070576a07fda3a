import type { TAccessPolicy } from './types';

/** Grants last at most this long, whatever was asked. */
export const ACCESS_POLICY: TAccessPolicy = { maxDurationDays: 90 };
