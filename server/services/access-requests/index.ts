export { decideAccess } from './decide-access';
export { listAccessInbox, listGrants } from './list-access';
export { requestAccess } from './request-access';
export { accessRequestUrl, contentAccessOf, denyWithoutGrant, grantRequiredError, isGated, liveGrantOf, requireLiveGrant, type TContentAccess, type TGatedVersion } from './require-live-grant';
export { revokeGrant } from './revoke-grant';
export * from './schemas';
