// The workflow library: the pure engine, the default definitions, the working-day calendar and the statutory clock.
export * from './engine';
export * from './definitions';
export * from './calendar';
export * from './clock';
