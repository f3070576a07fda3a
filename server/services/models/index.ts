export { createModel } from './create-model';
export { listVersions } from './list-versions';
export { openArtifact } from './open-artifact';
export { readModel } from './read-model';
export { readVersion } from './read-version';
export { authorizeRegistration, registerVersion } from './register-version';
export { searchModels } from './search-models';
export * from './schemas';
export type { TModelView, TVersionView } from './views';
