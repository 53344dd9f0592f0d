export * from './errors';
export * from './tokens';
export * from './metrics';
export * from './health';
export * from './platform.module';
export * from './bootstrap';
export * from './log-safety';
export * from './openapi';
