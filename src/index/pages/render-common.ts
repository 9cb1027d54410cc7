/** What the HTML and JSON renderers share. */
import type { ProjectFile } from './model.js';
import { canonicalizeName } from '../../pep508/name.js';

/** A project to list on the root page; its URL defaults to `<normalized name>/`, relative. */
export interface RenderableProject {
  name: string;
  url?: string;
}

export function projectHref(project: RenderableProject): string {
  return project.url ?? `${encodeURIComponent(canonicalizeName(project.name))}/`;
}

/** A file's URL as given (absolute or relative), without any fragment. */
export function fileHref(file: Pick<ProjectFile, 'url'>): string {
  const hash = file.url.indexOf('#');
  return hash < 0 ? file.url : file.url.slice(0, hash);
}
