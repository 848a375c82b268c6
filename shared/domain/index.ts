export * from './article.js';
export * from './category.js';
export * from './events.js';
export * from './source.js';
export * from './subscriber.js';
export * from './time.js';
export * from './validation.js';
