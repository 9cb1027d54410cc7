/**
 * wheelhouse.yaml: loading and validation with positions, the starter file, and the
 * build plan (the file's settings with the command line's flags over them).
 */
export {
  loadConfig,
  parseConfig,
  validateConfig,
  CONFIG_KEYS,
  LOCK_KEYS,
  WHEELHOUSE_KEYS,
  VERIFY_KEYS,
  TARGET_OBJECT_KEYS,
  DEFAULT_CONFIG_FILE,
  type LoadConfigOptions,
} from './load-config.js';
export { parseYamlDocument, formatYamlPath, type YamlDocument, type YamlPath, type YamlPosition } from './yaml-document.js';
export { STARTER_CONFIG } from './starter.js';
export type { ConfigTarget, WheelhouseConfig } from './types.js';
