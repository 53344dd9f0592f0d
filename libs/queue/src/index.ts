export * from './queue-client';
export * from './consumer';
export * from './queue.module';
export * from './worker-bootstrap';
export * from './backoff';
export * from './worker-metrics';
export * from './signature';
export * from './schedules';
