export * from './errors';
export * from './tokens';
export * from './metrics';
export * from './health';
export * from './platform.module';
export * from './bootstrap';
export * from './openapi';
export * from './log-safety';
