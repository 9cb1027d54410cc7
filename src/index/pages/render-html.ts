/**
 * PEP 503 HTML, as pip and every other installer read it: project pages with `#sha256=`
 * fragments, escaped `data-requires-python`, `data-yanked` (PEP 592), and core metadata
 * under both `data-core-metadata` and `data-dist-info-metadata` (PEP 714, for clients
 * older than the rename), plus the root project list. URLs are written as the model
 * gives them, so relative URLs make a tree that can be served from anywhere.
 */
import { SUPPORTED_API_VERSION } from './api-version.js';
import { preferredHash } from './hashes.js';
import { escapeHtml } from './html-escape.js';
import type { CoreMetadataAvailability, ProjectFile, ProjectPage } from './model.js';
import { fileHref, projectHref, type RenderableProject } from './render-common.js';

function document(title: string, body: string[]): string {
  return [
    '<!DOCTYPE html>',
    '<html>',
    '  <head>',
    `    <meta name="pypi:repository-version" content="${SUPPORTED_API_VERSION}">`,
    `    <title>${escapeHtml(title)}</title>`,
    '  </head>',
    '  <body>',
    `    <h1>${escapeHtml(title)}</h1>`,
    ...body.map((line) => `    ${line}`),
    '  </body>',
    '</html>',
    '',
  ].join('\n');
}

function coreMetadataValue(meta: CoreMetadataAvailability): string | undefined {
  if (meta === false) return undefined;
  if (meta === true) return 'true';
  const hash = preferredHash(meta);
  return hash ? `${hash[0]}=${hash[1]}` : 'true';
}

/** One anchor. Only one hash fits a fragment (PEP 503): sha256 when there is one, else the strongest. */
export function renderFileAnchor(file: ProjectFile): string {
  const hash = preferredHash(file.hashes);
  const href = hash ? `${fileHref(file)}#${hash[0]}=${hash[1]}` : fileHref(file);
  let attributes = `href="${escapeHtml(href)}"`;
  if (file.requiresPython !== undefined) attributes += ` data-requires-python="${escapeHtml(file.requiresPython)}"`;
  if (file.yanked !== false) attributes += ` data-yanked="${escapeHtml(file.yanked)}"`;
  const meta = coreMetadataValue(file.coreMetadata);
  if (meta !== undefined) attributes += ` data-core-metadata="${escapeHtml(meta)}" data-dist-info-metadata="${escapeHtml(meta)}"`;
  return `<a ${attributes}>${escapeHtml(file.filename)}</a><br>`;
}

/** A PEP 503 project page. `versions`, `size` and `upload-time` have no HTML form (PEP 700). */
export function renderProjectPageHtml(page: Pick<ProjectPage, 'name' | 'files'>): string {
  return document(`Links for ${page.name}`, page.files.map(renderFileAnchor));
}

/** The PEP 503 root page: one anchor per project, its text the project name. */
export function renderProjectListHtml(list: { projects: readonly RenderableProject[] }): string {
  return document('Simple index', list.projects.map((p) => `<a href="${escapeHtml(projectHref(p))}">${escapeHtml(p.name)}</a><br>`));
}
