/**
 * How a VersionRange reads in messages: specifier syntax wherever a specifier means
 * exactly that set, so `>=1.0, <2.0` reads as the user wrote it; a short note in
 * parentheses where PEP 440's exclusive comparisons make every specifier mean something
 * else (the complement of `>=2.0` holds `2.0rc1`, which `<2.0` excludes).
 */
import { Cut } from './cut.js';
import { decrementDigits, incrementDigits } from './digits.js';
import type { VersionInterval } from './range.js';
import { Version } from './version.js';

export function formatRange(intervals: readonly VersionInterval[]): string {
  if (intervals.length === 0) return '∅';
  const groups: string[] = [];
  let clauses: string[] = [];
  let groupStart = 0;
  for (let i = 0; i < intervals.length; i++) {
    const iv = intervals[i]!;
    const next = intervals[i + 1];
    const hole = next === undefined ? null : formatHole(iv.upper, next.lower);
    if (hole !== null) {
      if (i === groupStart) pushDefined(clauses, lowerText(iv.lower));
      clauses.push(hole);
      continue;
    }
    if (i === groupStart) {
      const whole = wholeIntervalText(iv);
      if (whole !== null) {
        groups.push(whole);
        groupStart = i + 1;
        continue;
      }
      pushDefined(clauses, lowerText(iv.lower));
    }
    pushDefined(clauses, upperText(iv.upper));
    groups.push(clauses.length === 0 ? '*' : clauses.join(', '));
    clauses = [];
    groupStart = i + 1;
  }
  return groups.join(' | ');
}

function pushDefined(out: string[], s: string | null): void {
  if (s !== null) out.push(s);
}

/** `X.dev0` with nothing else (the start of release X): returns X as text, else null. */
function releaseStartOf(cut: Cut): string | null {
  if (cut.kind !== 'before') return null;
  const f = cut.version!.fields;
  if (f.dev !== '0' || f.preKind !== null || f.post !== null || f.local !== null) return null;
  return (f.epoch === '0' ? '' : f.epoch + '!') + f.release.join('.');
}

/** `==X.*` when [lower, upper) is the release series X. */
function wildcardText(lower: Cut, upper: Cut): string | null {
  const x = releaseStartOf(lower);
  const y = releaseStartOf(upper);
  if (x === null || y === null) return null;
  const lf = lower.version!.fields;
  const uf = upper.version!.fields;
  if (lf.epoch !== uf.epoch || lf.release.length !== uf.release.length) return null;
  const n = lf.release.length;
  for (let i = 0; i < n - 1; i++) if (lf.release[i] !== uf.release[i]) return null;
  if (incrementDigits(lf.release[n - 1]!) !== uf.release[n - 1]) return null;
  return `${x}.*`;
}

function wholeIntervalText(iv: VersionInterval): string | null {
  const { lower, upper } = iv;
  if (lower === Cut.MIN && upper === Cut.MAX) return '*';
  if (lower.kind === 'before') {
    const v = lower.version!;
    if (!v.hasLocal && upper.key === Cut.afterLocals(v).key) return `==${v}`;
    if (upper.kind === 'after' && upper.key === Cut.after(v).key) {
      return v.hasLocal ? `==${v}` : `==${v} (excl. local versions)`;
    }
  }
  const wildcard = wildcardText(lower, upper);
  return wildcard === null ? null : `==${wildcard}`;
}

/** `!=V` or `!=X.*` when the gap between two intervals is exactly that. */
function formatHole(upper: Cut, lower: Cut): string | null {
  if (upper.kind === 'before') {
    const v = upper.version!;
    if (!v.hasLocal && lower.key === Cut.afterLocals(v).key) return `!=${v}`;
    if (v.hasLocal && lower.kind === 'after' && lower.key === Cut.after(v).key) return `!=${v}`;
  }
  const wildcard = wildcardText(upper, lower);
  return wildcard === null ? null : `!=${wildcard}`;
}

function lowerText(cut: Cut): string | null {
  switch (cut.kind) {
    case 'min':
    case 'max':
      return null;
    case 'before': {
      // The least versions above `>V.postN` and `>VaN` read better as what was written.
      const f = cut.version!.fields;
      if (f.local === null && f.dev === '0' && f.post !== null && f.post !== '0') {
        return `>${Version.fromFields({ ...f, post: decrementDigits(f.post), dev: null })}`;
      }
      if (f.local === null && f.dev === '0' && f.post === null && f.preKind !== null && f.preNumber !== '0') {
        return `>${Version.fromFields({ ...f, preNumber: decrementDigits(f.preNumber), dev: null })}`;
      }
      return `>=${cut.version}`;
    }
    case 'afterPosts':
      return `>${cut.version}`;
    case 'after': {
      const v = cut.version!;
      const f = v.fields;
      if (v.hasLocal) return `>${v}`;
      if (f.post !== null || f.dev !== null) return `>${v} (incl. local versions of ${v})`;
      return `>${v} (incl. local and post-releases of ${v})`;
    }
  }
}

function upperText(cut: Cut): string | null {
  switch (cut.kind) {
    case 'min':
    case 'max':
      return null;
    case 'afterPosts':
      return `<=${cut.version} (incl. post-releases of ${cut.version})`;
    case 'after': {
      const v = cut.version!;
      return v.hasLocal ? `<=${v}` : `<=${v} (excl. local versions of ${v})`;
    }
    case 'before': {
      const w = cut.version!;
      const f = w.fields;
      const start = releaseStartOf(cut);
      if (start !== null) return `<${start}`;
      if (f.local === null && f.dev === '0' && f.post !== null) {
        // The least version above V and its local versions is V.post(N+1).dev0: `<=V`.
        const below =
          f.post === '0'
            ? Version.fromFields({ ...f, post: null, dev: null })
            : Version.fromFields({ ...f, post: decrementDigits(f.post), dev: null });
        return `<=${below}`;
      }
      if (w.isPrerelease || w.hasLocal) return `<${w}`;
      return `<${w} (incl. pre-releases of ${w})`;
    }
  }
}
