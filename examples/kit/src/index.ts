/**
 * @module
 * The pages and store every Klarefi example shares. Only the framework wiring differs
 * between examples; that wiring is what to copy.
 */
export { exampleConfig, type ExampleConfig, KLAREFI_DEV_DEFAULTS, returnUrl } from './config.js';
export { formatTimestamp, formatValue, type PageLanguage, pageLanguage } from './i18n.js';
export { claimsPage, homePage, resultPage } from './pages.js';
export { ClaimStore, type ClaimRecord } from './store.js';
