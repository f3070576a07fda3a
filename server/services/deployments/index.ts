export { recordDeployment, type TRecordDeploymentInput } from './record-deployment';
export { listEnvironmentDeployments, listVersionDeployments, type TDeploymentView } from './list-deployments';
export { decideDeployment, servingRefusal, type TServingRefusalCode } from './deployability';
export * from './schemas';
