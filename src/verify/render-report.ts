/**
 * The verify report as text: a table package × target, then the reasons, the unused files,
 * the build dependencies, pip's verdicts and the warnings. What `wheelhouse verify` and
 * `wheelhouse build` print on standard output.
 */
import type { VerifyCell, VerifyReport, VerifyStatus } from './contract.js';
import { PASSING_STATUSES } from './pin-applies.js';

const SHOWN: Record<VerifyStatus, string> = {
  ok: 'ok',
  missing: 'MISSING',
  'hash-mismatch': 'HASH MISMATCH',
  corrupt: 'CORRUPT',
  'unsatisfied-dependency': 'UNSATISFIED DEPENDENCY',
  'needs-build': 'needs build',
  'not-applicable': '-',
};

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - s.length));
}

function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]!))).join('  ').trimEnd());
}

/** The report as lines of text (no trailing newline). */
export function renderVerifyReport(report: VerifyReport): string {
  const lines: string[] = [];
  const rowKeys: string[] = [];
  const byRow = new Map<string, Map<string, VerifyCell>>();
  for (const c of report.cells) {
    const key = `${c.package}\u0000${c.version}`;
    let row = byRow.get(key);
    if (!row) {
      byRow.set(key, (row = new Map()));
      rowKeys.push(key);
    }
    row.set(c.target, c);
  }
  const rows: string[][] = [['package', 'version', ...report.targets]];
  for (const key of rowKeys) {
    const [name, version] = key.split('\u0000') as [string, string];
    const row = byRow.get(key)!;
    rows.push([name, version, ...report.targets.map((t) => (row.get(t) ? SHOWN[row.get(t)!.status] : ''))]);
  }
  lines.push(`wheelhouse ${report.dir}${report.lockPath === undefined ? '' : ` (lock: ${report.lockPath})`}`, '', ...table(rows));

  const failing = report.cells.filter((c) => !PASSING_STATUSES.includes(c.status));
  if (failing.length > 0) {
    lines.push('', 'Problems:');
    for (const c of failing) {
      lines.push(`  ${c.package} ${c.version} on ${c.target}: ${SHOWN[c.status].toLowerCase()}`);
      for (const r of c.reasons) lines.push(`    ${r}`);
    }
  }
  const builds = report.cells.filter((c) => c.status === 'needs-build');
  if (builds.length > 0) {
    lines.push('', 'Built from source on the target (their build requirements are in the wheelhouse):');
    for (const c of builds) lines.push(`  ${c.package} ${c.version} on ${c.target}: ${c.file ?? ''}${c.buildFiles && c.buildFiles.length > 0 ? ` with ${c.buildFiles.join(', ')}` : ''}`);
  }
  if (report.unused.length > 0) {
    lines.push('', `Unused (nothing in the lock installs them): ${report.unused.length}`);
    for (const f of report.unused) lines.push(`  ${f}`);
  }
  if (report.pip) {
    lines.push('', 'pip:');
    for (const v of report.pip) {
      const ours = report.cells.filter((c) => c.target === v.target).every((c) => PASSING_STATUSES.includes(c.status));
      lines.push(`  ${v.target}: ${v.ok ? 'ok' : 'FAILED'} (wheelhouse: ${ours ? 'ok' : 'failed'}${v.agrees === false ? '; they disagree' : ''})`);
      lines.push(`    $ ${v.command}`);
      for (const s of v.skipped ?? []) lines.push(`    skipped ${s}`);
      if (v.note !== undefined) lines.push(`    note: ${v.note}`);
      if (!v.ok && v.output !== '') for (const l of v.output.split('\n')) lines.push(`    | ${l}`);
    }
  }
  for (const w of report.warnings ?? []) lines.push(`warning: ${w}`);
  const bad = new Set(failing.map((c) => `${c.package} ${c.version}`));
  lines.push(
    '',
    report.ok
      ? `OK: ${rowKeys.length} package${rowKeys.length === 1 ? '' : 's'} on ${report.targets.length} target${report.targets.length === 1 ? '' : 's'}`
      : `FAILED: ${bad.size} package${bad.size === 1 ? '' : 's'} with problems${report.pip?.some((v) => !v.ok) ? '; pip failed' : ''}`,
  );
  return lines.join('\n');
}

/** One-line summary of what failed, for the error a failing verify ends with. */
export function verifyFailureSummary(report: VerifyReport): string {
  const failing = report.cells.filter((c) => !PASSING_STATUSES.includes(c.status));
  const parts = failing.slice(0, 5).map((c) => `${c.package} ${c.version} on ${c.target}: ${c.status}`);
  if (failing.length > 5) parts.push(`and ${failing.length - 5} more`);
  const pipFailed = (report.pip ?? []).filter((v) => !v.ok).map((v) => v.target);
  if (pipFailed.length > 0) parts.push(`pip failed on ${pipFailed.join(', ')}`);
  return parts.join('; ');
}
