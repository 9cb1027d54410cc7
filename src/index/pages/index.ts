/**
 * The Simple Repository API's page formats (PEP 503, 592, 629, 658, 691, 700, 714):
 * parsing index pages on the client side, rendering them on the server side, as pure
 * functions over text/bytes and plain data. No HTTP here.
 */
export type {
  CoreMetadataAvailability,
  FileHashes,
  FindLinksPage,
  PageWarning,
  PageWarningCode,
  ParseResult,
  ProjectFile,
  ProjectList,
  ProjectListEntry,
  ProjectPage,
} from './model.js';
export { DEFAULT_PAGE_LIMITS, type PageLimits } from './limits.js';
export type { PageBody } from './decode.js';
export { DEFAULT_API_VERSION, SUPPORTED_API_VERSION } from './api-version.js';
export {
  SIMPLE_API_ACCEPT,
  SIMPLE_HTML_V1,
  SIMPLE_JSON_V1,
  parseContentType,
  simplePageFormat,
  type ContentType,
  type PageFormat,
  type SimplePageFormat,
} from './content-type.js';
export {
  parseFindLinksHtml,
  parseProjectListHtml,
  parseProjectPageHtml,
  type HtmlPageOptions,
  type HtmlProjectPageOptions,
} from './parse-html.js';
export { parseProjectListJson, parseProjectPageJson, type JsonPageOptions, type JsonProjectPageOptions } from './parse-json.js';
export { parseProjectList, parseProjectPage, type SimpleResponse } from './parse-page.js';
export { renderFileAnchor, renderProjectListHtml, renderProjectPageHtml } from './render-html.js';
export { jsonApiVersionFor, renderProjectListJson, renderProjectPageJson } from './render-json.js';
export type { RenderableProject } from './render-common.js';
export {
  writeStaticIndex,
  type StaticIndexFile,
  type StaticIndexOptions,
  type StaticIndexProject,
  type StaticIndexResult,
} from './static-tree.js';
