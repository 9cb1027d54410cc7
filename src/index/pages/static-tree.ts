/**
 * A static PEP 503 tree on disk: `<dir>/index.html` listing the projects and
 * `<dir>/<normalized name>/index.html` per project, with file URLs relative to the page,
 * so any web server, object store or `file://` URL serves it from anywhere
 * (`pip install --index-url file:///.../simple/`). Each page is written to a temporary
 * file and renamed into place: a reader never sees a half-written page.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IndexError } from '../../errors.js';
import { unsafeFilenameReason } from '../../filenames/safe-filename.js';
import type { ProjectFile } from './model.js';
import { canonicalizeName, isValidName } from '../../pep508/name.js';
import { renderProjectListHtml, renderProjectPageHtml } from './render-html.js';

/** A file to list: a ProjectFile whose URL may be left out (it is then derived from `filesBaseUrl`). */
export type StaticIndexFile = Omit<ProjectFile, 'url'> & { url?: string };

export interface StaticIndexProject {
  name: string;
  files: readonly StaticIndexFile[];
}

export interface StaticIndexOptions {
  /**
   * Where files are, relative to a project page (`<dir>/<project>/index.html`), ending
   * in `/`. Default `../../`: a wheelhouse `DIR/` holding the files and `DIR/simple/`.
   * Used for files that have no `url` of their own.
   */
  filesBaseUrl?: string;
}

export interface StaticIndexResult {
  /** Every page written, absolute paths, the root page last. */
  pages: string[];
  /** Project directories of an earlier tree that were removed because no project lists them now. */
  removed: string[];
}

/** Writes `text` to `target` through a temporary sibling and a rename. */
export async function writeFileAtomic(target: string, text: string): Promise<void> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { flag: 'wx' });
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

function checkProject(project: StaticIndexProject): void {
  if (!isValidName(project.name)) {
    throw new IndexError(`Cannot write a static index page for "${project.name}": not a valid project name`, {
      text: project.name,
      expected: 'a project name of letters, digits, ".", "-" and "_" (PEP 508)',
    });
  }
  for (const file of project.files) {
    const unsafe = unsafeFilenameReason(file.filename);
    if (unsafe !== undefined) {
      throw new IndexError(`Cannot list "${file.filename}" in a static index: ${unsafe}`, { text: file.filename, expected: 'a plain file name' });
    }
  }
}

/** Projects by normalized name; two spellings of one project share a page (first file of a name wins). */
function byNormalizedName(projects: readonly StaticIndexProject[]): Map<string, { name: string; files: StaticIndexFile[] }> {
  const merged = new Map<string, { name: string; files: StaticIndexFile[]; seen: Set<string> }>();
  for (const project of projects) {
    checkProject(project);
    const key = canonicalizeName(project.name);
    let entry = merged.get(key);
    if (!entry) {
      entry = { name: project.name, files: [], seen: new Set() };
      merged.set(key, entry);
    }
    for (const file of project.files) {
      if (entry.seen.has(file.filename)) continue;
      entry.seen.add(file.filename);
      entry.files.push(file);
    }
  }
  return merged;
}

/** A directory this writer made earlier: it holds nothing but its index page. */
async function removeIfOnlyIndex(dir: string): Promise<boolean> {
  const entries = await readdir(dir);
  if (entries.length !== 1 || entries[0] !== 'index.html') return false;
  await unlink(path.join(dir, 'index.html'));
  await rmdir(dir);
  return true;
}

/**
 * Writes (or rewrites) the static tree under `simpleDir`. Project pages are written
 * first and the root page after them, so every project the root lists has its page.
 * Then project directories left from an earlier tree that hold only an `index.html`
 * are removed; anything else in `simpleDir` is left alone.
 */
export async function writeStaticIndex(simpleDir: string, projects: readonly StaticIndexProject[], options: StaticIndexOptions = {}): Promise<StaticIndexResult> {
  const filesBaseUrl = options.filesBaseUrl ?? '../../';
  const root = path.resolve(simpleDir);
  const merged = byNormalizedName(projects);
  const sorted = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  await mkdir(root, { recursive: true });
  const pages: string[] = [];
  for (const [key, project] of sorted) {
    const dir = path.join(root, key);
    await mkdir(dir, { recursive: true });
    const files: ProjectFile[] = project.files.map((f) => ({ ...f, url: f.url ?? `${filesBaseUrl}${encodeURIComponent(f.filename)}` }));
    const page = path.join(dir, 'index.html');
    await writeFileAtomic(page, renderProjectPageHtml({ name: project.name, files }));
    pages.push(page);
  }
  const rootPage = path.join(root, 'index.html');
  await writeFileAtomic(rootPage, renderProjectListHtml({ projects: sorted.map(([, p]) => ({ name: p.name })) }));
  pages.push(rootPage);
  // Only now that the root no longer links them.
  const removed: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || merged.has(entry.name)) continue;
    const dir = path.join(root, entry.name);
    if (await removeIfOnlyIndex(dir)) removed.push(dir);
  }
  return { pages, removed };
}
