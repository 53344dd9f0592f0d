export * from './duty-policy';
export * from './duties';
export * from './staff.entity';
export * from './staff-store';
export * from './staff-jobs';
