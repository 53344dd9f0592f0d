export * from './licence.effects';
export * from './handover.handler';
export * from './system-step.handler';
