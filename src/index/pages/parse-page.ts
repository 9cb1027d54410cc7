/**
 * One entry point per page kind for a client holding an HTTP response: the Content-Type
 * picks the parser (content-type.ts), the body is parsed with the page's limits.
 */
import { simplePageFormat } from './content-type.js';
import type { PageBody } from './decode.js';
import type { PageLimits } from './limits.js';
import type { ParseResult, ProjectList, ProjectPage } from './model.js';
import { parseProjectListHtml, parseProjectPageHtml } from './parse-html.js';
import { parseProjectListJson, parseProjectPageJson } from './parse-json.js';

export interface SimpleResponse {
  /** The response body: bytes as received, or text already decoded. */
  body: PageBody;
  /** The final URL (after redirects); relative links resolve against it. */
  url: string;
  /** The Content-Type header; `text/html` for a local `index.html`. */
  contentType: string | undefined;
  limits?: Partial<PageLimits>;
}

/** A project page in whichever format the index answered with. */
export function parseProjectPage(response: SimpleResponse & { project: string }): ParseResult<ProjectPage> {
  const format = simplePageFormat(response.contentType, response.url);
  const common = { url: response.url, ...(response.limits ? { limits: response.limits } : {}) };
  if (format.format === 'json-v1') return parseProjectPageJson(response.body, { ...common, project: response.project });
  return parseProjectPageHtml(response.body, { ...common, project: response.project, ...(format.charset ? { charset: format.charset } : {}) });
}

/** The project list (root page) in whichever format the index answered with. */
export function parseProjectList(response: SimpleResponse): ParseResult<ProjectList> {
  const format = simplePageFormat(response.contentType, response.url);
  const common = { url: response.url, ...(response.limits ? { limits: response.limits } : {}) };
  if (format.format === 'json-v1') return parseProjectListJson(response.body, common);
  return parseProjectListHtml(response.body, { ...common, ...(format.charset ? { charset: format.charset } : {}) });
}
