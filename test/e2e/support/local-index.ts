/** The local index of end-to-end tests; it lives in fixtures/generator (the demo index uses it too). */
export { writeLocalIndex, type LocalIndex } from '../../../fixtures/generator/local-index.js';
