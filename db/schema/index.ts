export * from './identity';
export * from './tokens';
export * from './audit';
export * from './models';
export * from './datasets';
export * from './governance';
