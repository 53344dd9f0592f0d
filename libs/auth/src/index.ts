export * from './user';
export * from './jwt';
export * from './auth.guard';
export * from './verifier';
