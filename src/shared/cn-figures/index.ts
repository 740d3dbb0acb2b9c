/** Chinese figures as county year-end summaries write them: numerals, formatting, parsing. */
export * from './numerals';
export * from './format';
export * from './parse';
export { UNITS } from './grammar';
