import type { TRestRoute } from './define-route';
import { identityRoutes } from './routes/identity';
import { systemRoutes } from './routes/system';

/** Every REST v1 route. Dispatch, the OpenAPI document and the authorization tests all read this list. */
export const REST_ROUTES: TRestRoute[] = [...systemRoutes, ...identityRoutes];
