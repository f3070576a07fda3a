import { z } from 'zod';

/** Infinite queries from the portal add their paging direction to the input; the services page by cursor only. */
export const ZPagingDirection = { direction: z.enum(['forward', 'backward']).optional() };
