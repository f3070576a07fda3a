import {
  acknowledgeAlert,
  listAlerts,
  monitoringOverview,
  readVersionMonitoring,
  resolveAlert,
  setMonitoringThresholds,
  ZAcknowledgeAlertSchema,
  ZListAlertsSchema,
  ZResolveAlertSchema,
  ZSetThresholdsSchema,
  ZVersionMonitoringSchema,
} from '../services/monitoring';
import { authedProcedure, router } from '../trpc';

export const monitoringRouter = router({
  version: authedProcedure.input(ZVersionMonitoringSchema).query(({ ctx, input }) => readVersionMonitoring(ctx, input)),
  overview: authedProcedure.query(({ ctx }) => monitoringOverview(ctx)),
  alerts: authedProcedure.input(ZListAlertsSchema).query(({ ctx, input }) => listAlerts(ctx, input)),
  /** The dashboard inbox: unresolved alerts the actor may acknowledge or resolve. */
  inbox: authedProcedure.query(({ ctx }) => listAlerts(ctx, { action: 'update', limit: 20 })),
  acknowledge: authedProcedure.input(ZAcknowledgeAlertSchema).mutation(({ ctx, input }) => acknowledgeAlert(ctx, input)),
  resolve: authedProcedure.input(ZResolveAlertSchema).mutation(({ ctx, input }) => resolveAlert(ctx, input)),
  setThresholds: authedProcedure.input(ZSetThresholdsSchema).mutation(({ ctx, input }) => setMonitoringThresholds(ctx, input)),
});
