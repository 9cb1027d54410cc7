/**
 * `wheelhouse serve`: a folder of wheels and sdists served as a PEP 503/691/658 index.
 */
export { startServer, type RunningServer, type ServeOptions } from './server.js';
export { scanWheelhouse, type ScanOptions, type ServedFile, type ServedProject, type WheelhouseSnapshot } from './wheelhouse-dir.js';
export { negotiateFormat, type ServedFormat } from './negotiate.js';
export { parseRangeHeader } from './file-response.js';
