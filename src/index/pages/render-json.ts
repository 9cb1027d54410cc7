/**
 * PEP 691 JSON with PEP 700's additions: api-version 1.1 with `versions`, `size` and
 * `upload-time` when the model has what 1.1 makes mandatory (`versions`, every file's
 * `size`); otherwise the page is honestly declared 1.0 and carries what it has.
 */
import { SUPPORTED_API_VERSION, DEFAULT_API_VERSION } from './api-version.js';
import type { ProjectFile, ProjectPage } from './model.js';
import { fileHref, projectHref, type RenderableProject } from './render-common.js';

/** The API version a page can truthfully declare (PEP 700: 1.1 requires `versions` and every `size`). */
export function jsonApiVersionFor(page: Pick<ProjectPage, 'versions' | 'files'>): string {
  return page.versions !== undefined && page.files.every((f) => f.size !== undefined) ? SUPPORTED_API_VERSION : DEFAULT_API_VERSION;
}

function fileJson(file: ProjectFile): Record<string, unknown> {
  const out: Record<string, unknown> = { filename: file.filename, url: fileHref(file), hashes: { ...file.hashes } };
  if (file.requiresPython !== undefined) out['requires-python'] = file.requiresPython;
  // PEP 691: `true`, or a non-empty reason string.
  if (file.yanked !== false) out['yanked'] = file.yanked === '' ? true : file.yanked;
  if (file.coreMetadata !== false) {
    const meta = file.coreMetadata === true ? true : { ...file.coreMetadata };
    // PEP 714 names it `core-metadata`; the old name too, for clients older than the rename.
    out['core-metadata'] = meta;
    out['dist-info-metadata'] = meta;
  }
  if (file.size !== undefined) out['size'] = file.size;
  if (file.uploadTime !== undefined) out['upload-time'] = file.uploadTime;
  return out;
}

/** A PEP 691 project page. */
export function renderProjectPageJson(page: ProjectPage): string {
  const out: Record<string, unknown> = { meta: { 'api-version': jsonApiVersionFor(page) }, name: page.name };
  if (page.versions !== undefined) out['versions'] = [...page.versions];
  out['files'] = page.files.map(fileJson);
  return JSON.stringify(out);
}

/** The PEP 691 root page. Project URLs are implied by their names, so only names are written. */
export function renderProjectListJson(list: { projects: readonly RenderableProject[] }): string {
  return JSON.stringify({ meta: { 'api-version': SUPPORTED_API_VERSION }, projects: list.projects.map((p) => ({ name: p.name })) });
}

