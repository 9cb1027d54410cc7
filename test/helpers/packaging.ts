/**
 * Python's `packaging` as the oracle for the standards code, both versions in one process:
 * pip's vendored packaging 21.3 (always on the machine) and the modern packaging 26.3
 * from the machine's PyPI mirror (its wheel put on sys.path) when the mirror has it.
 *
 * A suite writes `def run(O, cases)` in Python; it is called once per oracle with that
 * oracle's modules (`O.version`, `O.specifiers`, `O.markers`, `O.requirements`,
 * `O.utils`), and the answers come back keyed '21' and '26'.
 */
import { mirrorFiles, MIRROR_ABSENT } from './mirror.js';
import { runPythonJson } from './python.js';

/** The packaging 26.3 wheel in the mirror, if there is one. */
export const PACKAGING_26_WHEEL: string | undefined = mirrorFiles('packaging-').find((f) => /packaging-26\.3-.*\.whl$/.test(f));

export const PACKAGING_26_ABSENT = `${MIRROR_ABSENT} — or it has no packaging-26.3 wheel; the packaging 26.3 half of this suite is skipped`;

const PRELUDE = `
import json, sys, types, warnings
warnings.simplefilter('ignore')
INPUT = json.load(sys.stdin)
from pip._vendor.packaging import version as _v21, specifiers as _s21, markers as _m21, requirements as _r21, utils as _u21
import pip._vendor.packaging as _p21
assert _p21.__version__ == '21.3', _p21.__version__
ORACLES = {'21': types.SimpleNamespace(version=_v21, specifiers=_s21, markers=_m21, requirements=_r21, utils=_u21)}
if INPUT['wheel26']:
    sys.path.insert(0, INPUT['wheel26'])
    import packaging as _p26
    assert _p26.__version__ == '26.3', _p26.__version__
    import packaging.version as _v26, packaging.specifiers as _s26, packaging.markers as _m26, packaging.requirements as _r26, packaging.utils as _u26
    ORACLES['26'] = types.SimpleNamespace(version=_v26, specifiers=_s26, markers=_m26, requirements=_r26, utils=_u26)
`;

export interface OracleAnswers<T> {
  '21': T;
  /** Absent when the mirror has no packaging 26.3. */
  '26'?: T;
}

/** Runs `body` (which defines `run(O, cases)`) once, in one python process, for both oracles. */
export async function runOracles<T>(body: string, cases: unknown): Promise<OracleAnswers<T>> {
  const script = `${PRELUDE}\n${body}\nprint(json.dumps({k: run(O, INPUT['cases']) for k, O in ORACLES.items()}))\n`;
  return runPythonJson<OracleAnswers<T>>(script, { wheel26: PACKAGING_26_WHEEL ?? null, cases });
}
