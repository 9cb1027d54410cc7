/**
 * The options pip 23.2.1 accepts inside a requirements file, and how it reads them:
 * optparse rules (`--opt=value` or `--opt value`, `-ovalue` or `-o value`, unique
 * prefixes of long names, `--` ends the options). Options that pip only takes on the
 * command line (`--no-deps`, `--platform`, ...) are unknown here, as they are to pip.
 */
import { LineError } from './line-error.js';
import { shlexSplit, ShlexError } from './shlex.js';

/** Where an option's value goes. */
export type OptionDest =
  | 'indexUrl'
  | 'extraIndexUrls'
  | 'noIndex'
  | 'constraints'
  | 'requirements'
  | 'editables'
  | 'findLinks'
  | 'noBinary'
  | 'onlyBinary'
  | 'preferBinary'
  | 'requireHashes'
  | 'pre'
  | 'trustedHosts'
  | 'features'
  | 'globalOptions'
  | 'hashes'
  | 'configSettings';

/**
 * What an option applies to: the whole run (`global`), the requirement on the same line
 * (`requirement`), an included file (`include`) or an editable requirement (`editable`).
 */
export type OptionScope = 'global' | 'requirement' | 'include' | 'editable';

export interface OptionSpec {
  dest: OptionDest;
  /** e.g. "-i"; optparse short options here all take a value. */
  short?: string;
  /** e.g. ["--index-url", "--pypi-url"]; the first is the name used in messages. */
  long: readonly string[];
  takesValue: boolean;
  scope: OptionScope;
  /** The values pip accepts, when it restricts them. */
  choices?: readonly string[];
}

/** pip 23.2.1 `--use-feature` choices (cmdoptions.use_new_feature). */
export const USE_FEATURE_CHOICES = ['fast-deps', 'truststore', 'no-binary-enable-wheel-cache'] as const;

/** pip 23.2.1 `req_file.SUPPORTED_OPTIONS` and `SUPPORTED_OPTIONS_REQ`, in pip's order. */
export const REQUIREMENTS_FILE_OPTIONS: readonly OptionSpec[] = [
  { dest: 'indexUrl', short: '-i', long: ['--index-url', '--pypi-url'], takesValue: true, scope: 'global' },
  { dest: 'extraIndexUrls', long: ['--extra-index-url'], takesValue: true, scope: 'global' },
  { dest: 'noIndex', long: ['--no-index'], takesValue: false, scope: 'global' },
  { dest: 'constraints', short: '-c', long: ['--constraint'], takesValue: true, scope: 'include' },
  { dest: 'requirements', short: '-r', long: ['--requirement'], takesValue: true, scope: 'include' },
  { dest: 'editables', short: '-e', long: ['--editable'], takesValue: true, scope: 'editable' },
  { dest: 'findLinks', short: '-f', long: ['--find-links'], takesValue: true, scope: 'global' },
  { dest: 'noBinary', long: ['--no-binary'], takesValue: true, scope: 'global' },
  { dest: 'onlyBinary', long: ['--only-binary'], takesValue: true, scope: 'global' },
  { dest: 'preferBinary', long: ['--prefer-binary'], takesValue: false, scope: 'global' },
  { dest: 'requireHashes', long: ['--require-hashes'], takesValue: false, scope: 'global' },
  { dest: 'pre', long: ['--pre'], takesValue: false, scope: 'global' },
  { dest: 'trustedHosts', long: ['--trusted-host'], takesValue: true, scope: 'global' },
  { dest: 'features', long: ['--use-feature'], takesValue: true, scope: 'global', choices: USE_FEATURE_CHOICES },
  { dest: 'globalOptions', long: ['--global-option'], takesValue: true, scope: 'requirement' },
  { dest: 'hashes', long: ['--hash'], takesValue: true, scope: 'requirement' },
  { dest: 'configSettings', short: '-C', long: ['--config-settings'], takesValue: true, scope: 'requirement' },
];

/** pip options that exist on its command line (or config) but not in requirements files. */
const COMMAND_LINE_ONLY = new Set([
  '--no-deps',
  '--upgrade',
  '--user',
  '--target',
  '--platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--only-deps',
  '--src',
  '--no-build-isolation',
  '--use-pep517',
  '--no-use-pep517',
  '--build-option',
  '--cert',
  '--client-cert',
  '--proxy',
  '--timeout',
  '--retries',
  '--ignore-requires-python',
  '--no-clean',
  '--progress-bar',
  '--upgrade-strategy',
  '--force-reinstall',
  '--ignore-installed',
  '--use-deprecated',
  '--keyring-provider',
]);

/** "-i/--index-url/--pypi-url" */
export function optionDisplayName(spec: OptionSpec): string {
  return [...(spec.short === undefined ? [] : [spec.short]), ...spec.long].join('/');
}

/** The list of valid options, for "expected" in error messages. */
export function validOptionsText(): string {
  return `one of ${REQUIREMENTS_FILE_OPTIONS.map(optionDisplayName).join(', ')}`;
}

export interface ParsedOption {
  spec: OptionSpec;
  /** The option as pip names it after resolving a prefix, e.g. "--index-url" or "-r". */
  name: string;
  /** The value, for options that take one. */
  value?: string;
  /** Index in the line of the word that named the option. */
  start: number;
  /** Index in the line of the value (the option's word when the value is attached to it). */
  valueStart: number;
}

export interface ParsedOptions {
  options: ParsedOption[];
  /** Words that are not options (optparse collects them; pip ignores them). */
  positional: { value: string; start: number }[];
}

const LONG_NAMES = new Map<string, OptionSpec>();
const SHORT_NAMES = new Map<string, OptionSpec>();
for (const spec of REQUIREMENTS_FILE_OPTIONS) {
  for (const name of spec.long) LONG_NAMES.set(name, spec);
  if (spec.short !== undefined) SHORT_NAMES.set(spec.short, spec);
}

function unknownOption(word: string, name: string, at: number): LineError {
  const hint = COMMAND_LINE_ONLY.has(name)
    ? `${name} is a pip command-line option; pip does not accept it in a requirements file`
    : undefined;
  return new LineError(`unknown option ${name} in a requirements file`, at, word, validOptionsText(), hint);
}

/** optparse's `_match_abbrev`: an exact long name, or the one long name it is a prefix of. */
function matchLongName(name: string, word: string, at: number): string {
  if (LONG_NAMES.has(name)) return name;
  const candidates = [...LONG_NAMES.keys()].filter((long) => long.startsWith(name)).sort();
  if (candidates.length === 1 && candidates[0] !== undefined) return candidates[0];
  if (candidates.length === 0) throw unknownOption(word, name, at);
  throw new LineError(`ambiguous option ${name}`, at, word, `one of ${candidates.join(', ')}`);
}

/**
 * Parses the options part of a line (`optionsText`, found at `offset` in the line) as
 * pip does: shlex words, then optparse. Positions are indexes in the whole line.
 */
export function parseOptions(optionsText: string, offset: number): ParsedOptions {
  let words;
  try {
    words = shlexSplit(optionsText);
  } catch (e) {
    if (e instanceof ShlexError) {
      throw new LineError(
        `could not split the options: ${e.message.toLowerCase()}`,
        offset + e.index,
        optionsText,
        'options quoted as in a POSIX shell',
      );
    }
    throw e;
  }
  const options: ParsedOption[] = [];
  const positional: ParsedOptions['positional'] = [];
  let i = 0;
  const valueFor = (name: string, at: number): { value: string; start: number } => {
    const next = words[i];
    if (next === undefined) {
      throw new LineError(`option ${name} requires a value`, at, name, `a value after ${name}`);
    }
    i += 1;
    return { value: next.value, start: offset + next.start };
  };
  while (i < words.length) {
    const word = words[i] as { value: string; start: number };
    const at = offset + word.start;
    i += 1;
    if (word.value === '--') {
      for (const rest of words.slice(i)) positional.push({ value: rest.value, start: offset + rest.start });
      break;
    }
    if (word.value.startsWith('--')) {
      const eq = word.value.indexOf('=');
      const written = eq === -1 ? word.value : word.value.slice(0, eq);
      const name = matchLongName(written, word.value, at);
      const spec = LONG_NAMES.get(name) as OptionSpec;
      if (spec.takesValue) {
        const v = eq === -1 ? valueFor(name, at) : { value: word.value.slice(eq + 1), start: at };
        options.push({ spec, name, value: v.value, start: at, valueStart: v.start });
      } else if (eq !== -1) {
        throw new LineError(`option ${name} does not take a value`, at, word.value, `${name} alone`);
      } else {
        options.push({ spec, name, start: at, valueStart: at });
      }
    } else if (word.value.startsWith('-') && word.value.length > 1) {
      // Every short option pip accepts in a file takes a value: "-rfile" or "-r file".
      const name = word.value.slice(0, 2);
      const spec = SHORT_NAMES.get(name);
      if (spec === undefined) throw unknownOption(word.value, name, at);
      const v = word.value.length > 2 ? { value: word.value.slice(2), start: at } : valueFor(name, at);
      options.push({ spec, name, value: v.value, start: at, valueStart: v.start });
    } else {
      positional.push({ value: word.value, start: at });
    }
  }
  return { options, positional };
}
