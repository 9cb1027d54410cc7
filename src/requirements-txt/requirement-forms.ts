/**
 * What a requirement line names, read as pip 23.2.1's `req/constructors.py` reads it:
 * a PEP 508 requirement (`name>=1`, `name @ https://...`), or a bare URL or path (a wheel,
 * an sdist, a directory, a VCS URL with `#egg=`), or, with `-e`, a directory or VCS URL.
 * Bare forms are turned into the equivalent PEP 508 text (`name[extras] @ url ; marker`),
 * so that one requirement parser handles every line. Their project name comes from
 * `#egg=`, the wheel or sdist file name, or a directory's pyproject.toml; pip learns some
 * of these only by building, but a lock needs every name before it resolves.
 */
import path from 'node:path';
import { sdistName, wheelNameVersion } from './archive-names.js';
import { LineError } from './line-error.js';
import {
  eggFragment,
  hashFragment,
  isArchiveName,
  isUrl,
  isVcsScheme,
  linkExtension,
  linkFilename,
  pathToUrl,
  splitUrl,
  subdirectoryFragment,
  unquote,
  urlScheme,
  urlToPath,
  VCS_NAMES,
  VCS_SCHEMES,
  vcsRevision,
  type VcsName,
} from './links.js';
import { isDirectory, pathIsFile, readLocalProject } from './local-project.js';
import { pythonStrip } from './python-text.js';

/** Where a bare URL, path or editable requirement points. */
export interface RequirementLink {
  /** A VCS checkout, a local directory, or an archive file (wheel or sdist, local or remote). */
  kind: 'vcs' | 'directory' | 'archive';
  /** The URL pip would use: local paths become absolute `file:` URLs. */
  url: string;
  /** The path or URL as written on the line, without extras and marker. */
  written: string;
  /** For `file:` links: the absolute local path. */
  path?: string;
  /** For VCS links. */
  vcs?: VcsName;
  /** For VCS links: the text after the last "@" of the URL path. */
  revision?: string;
  /** `#subdirectory=` */
  subdirectory?: string;
  /** A hash in the URL fragment (`#sha256=...`), as "algo:hex". */
  fragmentHash?: string;
  /** For wheels: the version in the file name. */
  version?: string;
}

export interface RequirementForm {
  /** The PEP 508 text handed to the requirement parser. */
  pep508: string;
  /** The project name as written or derived (not normalized). */
  name: string;
  /** The marker text after ";" (pip splits it off before parsing). */
  marker?: string;
  /** Whether extras are requested (`name[extra]`, `./dir[extra]`). */
  hasExtras: boolean;
  link?: RequirementLink;
  /** Things pip warns about and accepts. */
  warnings: string[];
}

const NAME_AT_START = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/;
/** `#egg=` values pip reads as a requirement: a project name with optional extras. */
const EGG = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)(\[[^\]]*\])?$/;

/** pip's `_strip_extras`: a trailing `[...]` split off a path. */
export function stripExtras(text: string): [string, string] {
  const m = /^(.+)(\[[^\]]+\])$/.exec(text);
  return m?.[1] !== undefined && m[2] !== undefined ? [m[1], m[2]] : [text, ''];
}

/** pip's `_looks_like_path`: a separator in it, or a leading ".". */
function looksLikePath(text: string): boolean {
  return text.includes('/') || text.startsWith('.');
}

function withMarker(text: string, marker: string | undefined): string {
  return marker === undefined ? text : `${text} ; ${marker}`;
}

function vcsOf(scheme: string): VcsName | undefined {
  const prefix = scheme.split('+', 1)[0] as VcsName;
  return VCS_NAMES.includes(prefix) ? prefix : undefined;
}

function nameFromEgg(egg: string, written: string): { name: string; extras: string } {
  const m = EGG.exec(egg);
  if (!m?.[1]) {
    throw new LineError(
      `the #egg= fragment ${JSON.stringify(egg)} is not a project name`,
      0,
      written,
      'a PEP 508 project name after #egg=, optionally with [extras]',
      'or write the requirement as "name @ url"',
    );
  }
  return { name: m[1], extras: m[2] ?? '' };
}

function needName(written: string, why: string): LineError {
  const markerHint = isUrl(written) && written.includes(';') ? ' (pip splits a marker off a URL only at "; ", a semicolon and a space)' : '';
  return new LineError(
    `cannot tell the project name of ${JSON.stringify(written)}: ${why}`,
    0,
    written,
    'a requirement whose project name is known before building it',
    `write it as "name @ url" (for a local path: "name @ file:///absolute/path"), or add "#egg=name" to a URL${markerHint}`,
  );
}

async function vcsLink(url: string, written: string): Promise<RequirementLink> {
  const scheme = urlScheme(url) ?? '';
  const revision = vcsRevision(url);
  if (revision === '') {
    throw new LineError('the VCS URL has an empty revision after "@"', 0, written, 'a branch, tag or commit after "@", or no "@"');
  }
  const link: RequirementLink = { kind: 'vcs', url, written };
  const vcs = vcsOf(scheme);
  if (vcs) link.vcs = vcs;
  if (revision !== undefined) link.revision = revision;
  const sub = subdirectoryFragment(url);
  if (sub !== undefined) link.subdirectory = sub;
  return link;
}

/** A directory's project name, or the error a lock must raise without it. */
async function directoryName(dir: string, written: string): Promise<string> {
  const project = await readLocalProject(dir);
  if (!project.installable) {
    throw new LineError(
      `directory ${JSON.stringify(written)} is not installable: neither setup.py nor pyproject.toml found`,
      0,
      written,
      'a directory holding a Python project (pyproject.toml or setup.py)',
    );
  }
  if (project.name === undefined) throw needName(written, project.problem ?? 'it has no pyproject.toml with a [project] name');
  return project.name;
}

/** A bare URL: pip reads a wheel's name from its file name and anything else from #egg=. */
async function fromUrl(body: string, marker: string | undefined, cwd: string): Promise<RequirementForm> {
  let url = body;
  const scheme = urlScheme(url) ?? '';
  // pip makes `file:` URLs with "../" absolute (relative to the working directory).
  if (scheme === 'file' && /\.\.\//.test(url)) url = pathToUrl(path.normalize(unquote(splitUrl(url).path)), cwd);
  const warnings: string[] = [];
  let link: RequirementLink;
  if (isVcsScheme(scheme)) {
    link = await vcsLink(url, body);
  } else {
    link = { kind: 'archive', url, written: body };
    if (scheme === 'file') {
      link.path = path.resolve(cwd, urlToPath(url));
      if (await isDirectory(link.path)) link.kind = 'directory';
    }
    const sub = subdirectoryFragment(url);
    if (sub !== undefined) link.subdirectory = sub;
    const hash = hashFragment(url);
    if (hash !== undefined) link.fragmentHash = hash;
  }
  let name: string;
  let extras = '';
  if (link.kind === 'archive' && linkExtension(url) === '.whl') {
    const wheel = wheelNameVersion(linkFilename(url));
    if (!wheel) throw new LineError(`${linkFilename(url)} is not a valid wheel filename`, 0, body, 'a wheel file name: name-version[-build]-python-abi-platform.whl');
    name = wheel.name;
    link.version = wheel.version;
  } else {
    const egg = eggFragment(url);
    if (egg !== undefined) {
      ({ name, extras } = nameFromEgg(egg, body));
    } else if (link.kind === 'vcs') {
      throw needName(body, 'a VCS URL names its project with #egg=name');
    } else if (link.kind === 'directory') {
      name = await directoryName(link.path as string, body);
    } else {
      const sdist = sdistName(linkFilename(url));
      if (sdist === undefined) throw needName(body, `${JSON.stringify(linkFilename(url))} is not a {name}-{version} archive name`);
      name = sdist;
    }
  }
  return { pep508: withMarker(`${name}${extras} @ ${url}`, marker), name, ...(marker === undefined ? {} : { marker }), hasExtras: extras !== '', link, warnings };
}

/** A path: pip's `_get_url_from_path` decides whether it is a file, a directory or neither. */
async function fromPath(body: string, marker: string | undefined, cwd: string): Promise<RequirementForm | undefined> {
  const [p, extras] = stripExtras(path.resolve(cwd, body));
  const warnings: string[] = [];
  let kind: RequirementLink['kind'];
  if (looksLikePath(body) && (await isDirectory(p))) {
    kind = 'directory';
  } else if (!isArchiveName(p)) {
    return undefined;
  } else if (await pathIsFile(p)) {
    kind = 'archive';
  } else {
    const at = body.indexOf('@');
    // "name @ https://.../file.whl" is a PEP 508 URL requirement, not a missing file.
    if (at !== -1 && !looksLikePath(body.slice(0, at))) return undefined;
    warnings.push(`requirement ${JSON.stringify(body)} looks like a file name, but the file does not exist`);
    kind = 'archive';
  }
  const url = pathToUrl(p, cwd);
  const link: RequirementLink = { kind, url, written: body.slice(0, body.length - extras.length) || body, path: p };
  let name: string;
  if (kind === 'directory') {
    name = await directoryName(p, body);
  } else if (linkExtension(url) === '.whl') {
    const wheel = wheelNameVersion(linkFilename(url));
    if (!wheel) throw new LineError(`${linkFilename(url)} is not a valid wheel filename`, 0, body, 'a wheel file name: name-version[-build]-python-abi-platform.whl');
    name = wheel.name;
    link.version = wheel.version;
  } else {
    const sdist = sdistName(linkFilename(url));
    if (sdist === undefined) throw needName(body, `${JSON.stringify(linkFilename(url))} is not a {name}-{version} archive name`);
    name = sdist;
  }
  return { pep508: withMarker(`${name}${extras} @ ${url}`, marker), name, ...(marker === undefined ? {} : { marker }), hasExtras: extras !== '', link, warnings };
}

/** A PEP 508 requirement: handed to the parser as written. */
function fromPep508(text: string, body: string, marker: string | undefined): RequirementForm {
  const name = NAME_AT_START.exec(body)?.[1];
  if (name === undefined) {
    throw new LineError('invalid requirement: it does not start with a project name', 0, text, 'a PEP 508 requirement such as "name>=1.0", a URL or a path');
  }
  let pep508 = text;
  if (marker !== undefined && body.includes('@') && !/\s$/.test(text.slice(0, text.indexOf(';')))) {
    // pip splits the marker off at the first ";" before parsing, so "name @ url;marker"
    // works in pip though PEP 508 needs a space between a URL and ";". Add that space.
    pep508 = `${body} ; ${marker}`;
  } else if (marker === undefined && text.includes(';')) {
    // "name ;" with an empty marker: pip drops the ";".
    pep508 = body;
  }
  const rest = body.slice(name.length).trimStart();
  return { pep508, name, ...(marker === undefined ? {} : { marker }), hasExtras: rest.startsWith('['), warnings: [] };
}

/**
 * Reads a requirement line's text (without its options). `cwd` is the directory relative
 * paths are taken from: pip takes them from the working directory, not the file's.
 */
export async function readRequirementForm(raw: string, cwd: string): Promise<RequirementForm> {
  const text = pythonStrip(raw);
  // pip requires "; " after a URL (a URL may contain ";"), and splits at the first ";" otherwise.
  const separator = isUrl(text) ? '; ' : ';';
  const cut = text.indexOf(separator);
  const body = pythonStrip(cut === -1 ? text : text.slice(0, cut));
  const markerText = cut === -1 ? '' : pythonStrip(text.slice(cut + separator.length));
  const marker = markerText === '' ? undefined : markerText;
  if (isUrl(body)) return fromUrl(body, marker, cwd);
  return (await fromPath(body, marker, cwd)) ?? fromPep508(text, body, marker);
}

/** pip's `parse_editable`: a local directory or a VCS URL, with its name. */
export async function readEditableForm(text: string, cwd: string): Promise<RequirementForm> {
  const [noExtras, extras] = stripExtras(text);
  let url = noExtras;
  if (await isDirectory(path.resolve(cwd, noExtras))) url = pathToUrl(noExtras, cwd);
  if (url.toLowerCase().startsWith('file:')) {
    const local = path.resolve(cwd, urlToPath(url));
    if (!(await isDirectory(local))) {
      throw new LineError(`editable requirement ${JSON.stringify(text)} is not a directory`, 0, text, 'a local project directory or a VCS URL');
    }
    const link: RequirementLink = { kind: 'directory', url, written: noExtras, path: local };
    const egg = eggFragment(url);
    const name = egg !== undefined ? nameFromEgg(egg, text).name : await directoryName(local, text);
    return { pep508: `${name}${extras} @ ${url}`, name, hasExtras: extras !== '', link, warnings: [] };
  }
  // pip accepts "git:..." and the like for editables, as "git+git:...".
  let vcsUrl = text;
  for (const vcs of VCS_NAMES) {
    if (text.toLowerCase().startsWith(`${vcs}:`)) {
      vcsUrl = `${vcs}+${text}`;
      break;
    }
  }
  if (!isVcsScheme(urlScheme(vcsUrl) ?? '')) {
    throw new LineError(
      `${JSON.stringify(text)} is not a valid editable requirement`,
      0,
      text,
      `a path to a local project or a VCS URL (beginning with ${VCS_SCHEMES.join(', ')})`,
    );
  }
  const link = await vcsLink(vcsUrl, text);
  const egg = eggFragment(vcsUrl);
  if (egg === undefined) throw needName(text, 'a VCS URL names its project with #egg=name');
  const { name, extras: eggExtras } = nameFromEgg(egg, text);
  return { pep508: `${name}${eggExtras} @ ${vcsUrl}`, name, hasExtras: eggExtras !== '', link, warnings: [] };
}
