export * from './domain-error';
export * from './safe-error';
export * from './date';
export * from './paging';
export * from './csv';
