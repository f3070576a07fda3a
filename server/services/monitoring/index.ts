export { readVersionMonitoring, resolveRange, type TVersionMonitoring } from './read-version-monitoring';
export { listAlerts, type TAlertListItem } from './list-alerts';
export { acknowledgeAlert, resolveAlert } from './change-alert';
export { setMonitoringThresholds } from './set-thresholds';
export { monitoringOverview } from './overview';
export { renderMetrics } from './metrics';
export * from './schemas';
