/**
 * `npm run bench:pep440`: how fast the resolver's hot paths are. Parses 100,000
 * real-looking versions, sorts them, runs 100,000 specifier checks and 100,000 range
 * operations, and prints operations per second. Deterministic inputs; no network.
 */
import { SpecifierSet, Version, VersionRange, compareVersions } from '../src/pep440/index.js';

const N = 100_000;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Version strings shaped like PyPI's: mostly x.y.z, some calendar versions, pre/post/dev releases, a few locals. */
function versionTexts(count: number): string[] {
  const r = rng(440);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const x = r();
    const major = Math.floor(r() * 5);
    // Every seventh version gets a fourth release number, so that many strings are distinct.
    const tail = i % 7 === 0 ? `.${i}` : '';
    let v: string;
    if (x < 0.6) v = `${major}.${Math.floor(r() * 30)}.${i % 200}${tail}`;
    else if (x < 0.75) v = `${2015 + Math.floor(r() * 10)}.${1 + Math.floor(r() * 12)}.${i % 31}${tail}`;
    else if (x < 0.85) v = `${major}.${i % 50}.0${tail}${['a', 'b', 'rc'][Math.floor(r() * 3)]}${Math.floor(r() * 4)}`;
    else if (x < 0.92) v = `${major}.${i % 40}.0${tail}.post${Math.floor(r() * 3)}`;
    else if (x < 0.97) v = `0.${i % 90}.0${tail}.dev${20200101 + Math.floor(r() * 50000)}`;
    else v = `${Math.floor(r() * 3)}.${i % 20}.1${tail}+cu${110 + Math.floor(r() * 14)}`;
    out.push(v);
  }
  return out;
}

const SPECIFIERS = [
  '>=1.0', '>=1.0,<2.0', '~=2.1', '==3.*', '!=1.5.2,>=1.2', '<3,>=2.1.post1', '>0.5a1', '==1.2.3', '>=2016.1,<2023',
  '~=1.4.5', '>=0.1.dev0', '!=2.*,>=1', '<=4.2', '>1.0', '==2.0.0+cu118', '>=3.8,!=3.9.*,<4', '',
];

function time(label: string, ops: number, fn: () => void): void {
  fn(); // warm-up
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    fn();
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  runs.sort((a, b) => a - b);
  const ms = runs[2]!;
  console.log(`${label.padEnd(46)} ${ms.toFixed(1).padStart(8)} ms   ${Math.round((ops / ms) * 1000).toLocaleString('en-US').padStart(12)} ops/s`);
}

const texts = versionTexts(N);
console.log(`wheelhouse PEP 440 benchmark — Node ${process.version}, median of 5 runs\n`);

const kept: Version[][] = [];
time(`parse ${N.toLocaleString('en-US')} versions (results kept)`, N, () => {
  const out: Version[] = [];
  for (let i = 0; i < N; i++) out.push(Version.parse(texts[i]!));
  kept.push(out);
});
kept.length = 0;

const versions = texts.map((t) => Version.parse(t));
time(`sort ${N.toLocaleString('en-US')} versions`, N, () => {
  [...versions].sort(compareVersions);
});

const sets = SPECIFIERS.map((s) => SpecifierSet.parse(s));
time(`${N.toLocaleString('en-US')} SpecifierSet.contains checks`, N, () => {
  let hits = 0;
  for (let i = 0; i < N; i++) if (sets[i % sets.length]!.contains(versions[i]!)) hits++;
  if (hits === 0) throw new Error('no hits');
});
time(`${N.toLocaleString('en-US')} specifier-set parses (repeated texts)`, N, () => {
  for (let i = 0; i < N; i++) SpecifierSet.parse(SPECIFIERS[i % SPECIFIERS.length]!);
});
const distinctSpecs = Array.from({ length: 6 }, (_, run) => Array.from({ length: 10_000 }, (_, i) => `>=${run}.${i},<${run + 1}.${i},!=${run}.${i}.1`));
let specRun = 0;
time('10,000 distinct specifier-set parses + ranges', 10_000, () => {
  for (const t of distinctSpecs[specRun++]!) SpecifierSet.parse(t).toRange();
});

const ranges = SPECIFIERS.map((s) => SpecifierSet.parse(s).toRange());
time(`${N.toLocaleString('en-US')} range intersect/union/complement`, N, () => {
  let acc = VersionRange.full();
  for (let i = 0; i < N; i++) {
    const r = ranges[i % ranges.length]!;
    switch (i % 3) {
      case 0:
        acc = acc.intersect(r);
        break;
      case 1:
        acc = acc.union(r);
        break;
      default:
        acc = acc.complement();
    }
    if (acc.isEmpty()) acc = VersionRange.full();
  }
});
time(`${N.toLocaleString('en-US')} range subset/disjoint tests`, N, () => {
  let n = 0;
  for (let i = 0; i < N; i++) {
    const a = ranges[i % ranges.length]!;
    const b = ranges[(i * 7) % ranges.length]!;
    if (i % 2 === 0 ? a.isSubsetOf(b) : a.isDisjoint(b)) n++;
  }
  if (n < 0) throw new Error('unreachable');
});
const many = SpecifierSet.parse(Array.from({ length: 40 }, (_, i) => `!=1.${i}`).join(',')).toRange();
time(`${N.toLocaleString('en-US')} range.contains (41 intervals)`, N, () => {
  let n = 0;
  for (let i = 0; i < N; i++) if (many.contains(versions[i]!)) n++;
  if (n === 0) throw new Error('no hits');
});
