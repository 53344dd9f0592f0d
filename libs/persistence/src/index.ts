export * from './outbox.entity';
export * from './data-source';
export * from './outbox';
export * from './inbox';
export * from './relay';
export * from './database';
export * from './relay-host';
export * from './national-status';
