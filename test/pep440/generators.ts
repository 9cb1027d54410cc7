/**
 * Deterministic generators of version and specifier texts for the differential tests:
 * every spelling PEP 440 normalises, the edges of specifiers (pre/post/dev/local variants
 * of their own versions, epochs, trailing zeros), and near-misses that must be rejected.
 */

/** A small seeded PRNG (mulberry32): same seed, same cases, on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;

export function pick<T>(r: Rand, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}
function chance(r: Rand, p: number): boolean {
  return r() < p;
}
function int(r: Rand, max: number): number {
  return Math.floor(r() * (max + 1));
}

function number(r: Rand): string {
  const x = r();
  if (x < 0.55) return String(int(r, 3));
  if (x < 0.8) return String(int(r, 20));
  if (x < 0.88) return '0' + String(int(r, 9)); // leading zero
  if (x < 0.94) return String(2000 + int(r, 30)) + (chance(r, 0.5) ? String(int(r, 12)).padStart(2, '0') : '');
  if (x < 0.97) return '00';
  return String(10 ** 17 + int(r, 1000)) + '123'; // beyond 2^53
}

const SEPS = ['', '.', '-', '_'];
const PRE = ['a', 'b', 'rc', 'c', 'alpha', 'beta', 'pre', 'preview', 'A', 'RC', 'Beta', 'Preview'];
const POST = ['post', 'rev', 'r', 'POST', 'Rev'];
const SPACES = ['', '', '', '', ' ', '\t', '\n', '  ', '\r\n', '\u00a0', '\u2003', '\x1c', '\x0b'];

/** A version text in any spelling PEP 440 accepts. */
export function validVersionText(r: Rand): string {
  let s = '';
  if (chance(r, 0.05)) s += pick(r, ['v', 'V']);
  if (chance(r, 0.08)) s += `${int(r, 3)}!`;
  const parts = 1 + int(r, 3);
  const release: string[] = [];
  for (let i = 0; i < parts; i++) release.push(number(r));
  if (chance(r, 0.15)) release.push('0');
  s += release.join('.');
  if (chance(r, 0.3)) {
    s += pick(r, SEPS) + pick(r, PRE);
    if (chance(r, 0.85)) s += pick(r, SEPS) + String(int(r, 12));
  }
  if (chance(r, 0.22)) {
    if (chance(r, 0.3)) s += `-${int(r, 9)}`;
    else {
      s += pick(r, SEPS) + pick(r, POST);
      if (chance(r, 0.8)) s += pick(r, SEPS) + String(int(r, 12));
    }
  }
  if (chance(r, 0.22)) {
    s += pick(r, SEPS) + pick(r, ['dev', 'DEV', 'Dev']);
    if (chance(r, 0.8)) s += pick(r, SEPS) + number(r);
  }
  if (chance(r, 0.15)) {
    const segs = 1 + int(r, 3);
    const out: string[] = [];
    for (let i = 0; i < segs; i++) {
      out.push(pick(r, ['ubuntu', 'abc', 'ABC', 'cpu', 'cu118', '5', '007', '0', 'a1', '1a', 'z', 'g3f2e1d', 'Local']));
    }
    s += '+' + out.map((seg, i) => (i === 0 ? seg : pick(r, ['.', '-', '_']) + seg)).join('');
  }
  if (chance(r, 0.1)) s = pick(r, SPACES) + s + pick(r, SPACES);
  return s;
}

/** Near-misses: texts a careless parser would accept. */
export function invalidVersionText(r: Rand): string {
  const base = validVersionText(r).trim();
  const mutations: ((s: string) => string)[] = [
    (s) => s + pick(r, ['-', '.', '_', '+', '!', '.*', '..', ' x', '+-a', '+a-', '+a..b']),
    (s) => pick(r, ['.', '-', '!', '+', 'vv', 'x', 'V.']) + s,
    (s) => s.replace(/\./, '..'),
    (s) => s.replace(/\d/, pick(r, ['x', ' ', '٣', '①', '\u00bd'])),
    (s) => `${s}${pick(r, ['a1b1', '.post1.post2', '.dev1.dev2', 'rc1a1', '.dev1a1', '.post1a1', '-', '-post'])}`,
    (s) => s.replace(/^(\d+)/, '$1!'),
    (s) => `${int(r, 9)}!!${s}`,
    (s) => s.toUpperCase().replace('V', 'W'),
    (s) => s + '+' + pick(r, ['', 'é', 'a b', '-x', '.x', '\u212a', 'a\u017f']),
    (s) => s.replace(/(post|dev|rc|a|b)/i, (m) => m + m),
    () => pick(r, ['', ' ', 'v', '.', '1.', '.1', '1..0', '1.0-', '1.0.post-', 'dev', 'a1', '1.0 .1', '1,0', '1.0.x', 'one', '1.0-dev-1-2', '1!', '!1', '1.0+', '1.0++a', 'v 1.0', 'vv1.0', '1.0\u017fpost1', '1.0.po\u017ft1', '1.0+\u212a']),
  ];
  return pick(r, mutations)(base);
}

/** `count` version texts: mostly valid, about a quarter near-misses; fixed examples first. */
export function versionTexts(seed: number, count: number, fixed: readonly string[] = []): string[] {
  const r = rng(seed);
  const out = [...fixed];
  while (out.length < count) out.push(chance(r, 0.75) ? validVersionText(r) : invalidVersionText(r));
  return out;
}

const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', '~=', '==='];

/** Canonical-ish versions specifiers are written with (the edges are generated around them). */
function boundVersion(r: Rand): string {
  const release: string[] = [];
  const n = 1 + int(r, 3);
  for (let i = 0; i < n; i++) release.push(String(int(r, 3)));
  let s = (chance(r, 0.07) ? `${int(r, 2)}!` : '') + release.join('.');
  if (chance(r, 0.2)) s += pick(r, ['a', 'b', 'rc']) + int(r, 2);
  if (chance(r, 0.15)) s += `.post${int(r, 2)}`;
  if (chance(r, 0.15)) s += `.dev${int(r, 2)}`;
  return s;
}

/** A specifier text: valid ones in several spellings, plus invalid combinations. */
export function specifierText(r: Rand): string {
  const op = pick(r, OPERATORS);
  let v = boundVersion(r);
  const x = r();
  if (x < 0.15 && (op === '==' || op === '!=' || chance(r, 0.1))) v = v.replace(/(a|b|rc|\.post|\.dev).*$/, '') + '.*';
  else if (x < 0.25 && (op === '==' || op === '!=' || op === '===' || chance(r, 0.1))) v += '+' + pick(r, ['local', 'abc.5', 'cu118', '7']);
  else if (x < 0.3) v = pick(r, ['V', 'v']) + v;
  else if (x < 0.33 && op === '===') v = pick(r, ['foobar', '1.0-legacy', 'ABC', '']);
  else if (x < 0.36) v = v.replace(/a(\d)/, pick(r, ['alpha$1', '-A$1', '.c$1', 'pre$1'])).replace('.post', pick(r, ['-r', 'rev', '.POST-']));
  const ws = () => pick(r, ['', '', '', ' ', '  ', '\t']);
  return ws() + op + ws() + v + ws();
}

/** Versions around a specifier's version: itself, its pre/post/dev/local variants, neighbours. */
export function edgeVersions(specVersion: string): string[] {
  const base = specVersion.replace(/\.\*$/, '').replace(/\+.*$/, '');
  const m = /^(?:(\d+)!)?([\d.]+)(.*)$/.exec(base);
  if (m === null) return ['1.0', '1.0a1', '1.0+local'];
  const epoch = m[1] === undefined ? '' : `${m[1]}!`;
  const release = m[2]!.split('.').filter((p) => p !== '');
  const rel = release.join('.');
  const bump = (i: number) => release.map((p, j) => (j < i ? p : j === i ? String(Number(p) + 1) : '0')).join('.');
  const prev = release.map((p, j) => (j === release.length - 1 ? String(Math.max(0, Number(p) - 1)) : p)).join('.');
  const out = [
    base,
    `${base}+local`,
    `${base}+0`,
    `${base}.0`.replace(/^(.*?)(a|b|rc|\.post|\.dev)/, '$1.0$2'),
    `${epoch}${rel}`,
    `${epoch}${rel}.0`,
    `${epoch}${rel}+abc`,
    `${epoch}${rel}.dev0`,
    `${epoch}${rel}.dev5`,
    `${epoch}${rel}a1`,
    `${epoch}${rel}a1.dev1`,
    `${epoch}${rel}rc2`,
    `${epoch}${rel}rc2.post1`,
    `${epoch}${rel}.post0`,
    `${epoch}${rel}.post1`,
    `${epoch}${rel}.post1.dev1`,
    `${epoch}${rel}.post1+x`,
    `${epoch}${rel}.post2`,
    `${epoch}${rel}.1`,
    `${epoch}${rel}.0.1`,
    `${epoch}${rel}.0.0.1.dev0`,
    `${epoch}${bump(release.length - 1)}`,
    `${epoch}${bump(release.length - 1)}.dev0`,
    `${epoch}${bump(release.length - 1)}a1`,
    `${epoch}${bump(0)}`,
    `${epoch}${prev}`,
    `${epoch}${prev}.post1`,
    `${epoch}${prev}+zz`,
    `${rel}`,
    `1!${rel}`,
    `${base}.post1`,
    `${base}.dev1`,
    `${base}.post1.dev1`,
    `${base}+l.1`,
  ];
  if (release.length > 1) out.push(`${epoch}${release.slice(0, -1).join('.')}`, `${epoch}${bump(release.length - 2)}`, `${epoch}${bump(release.length - 2)}.dev0`);
  return [...new Set(out)];
}
