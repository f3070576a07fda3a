import type { TRestRoute } from './define-route';
import { approvalRoutes } from './routes/approvals';
import { auditRoutes } from './routes/audit';
import { datasetRoutes } from './routes/datasets';
import { identityRoutes } from './routes/identity';
import { lineageRoutes } from './routes/lineage';
import { lineageIngestRoutes } from './routes/lineage-ingest';
import { modelRoutes } from './routes/models';
import { reportRoutes } from './routes/reports';
import { monitoringRoutes } from './routes/monitoring';
import { predictionRoutes } from './routes/predictions';
import { servingRoutes } from './routes/serving';
import { systemRoutes } from './routes/system';

/** Every REST v1 route. Dispatch, the OpenAPI document and the authorization tests all read this list. */
export const REST_ROUTES: TRestRoute[] = [...systemRoutes, ...identityRoutes, ...auditRoutes, ...modelRoutes, ...datasetRoutes, ...approvalRoutes, ...lineageRoutes, ...lineageIngestRoutes, ...predictionRoutes, ...monitoringRoutes, ...servingRoutes, ...reportRoutes];
