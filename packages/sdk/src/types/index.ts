export type * from './events.js';
export type * from './features.js';
