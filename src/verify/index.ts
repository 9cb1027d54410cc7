/**
 * The verifier: proves that a wheelhouse installs with `pip install --no-index
 * --find-links DIR` on every target — statically (no Python), and with the real pip.
 */
export type { PipVerdict, VerifyCell, VerifyReport, VerifyRequest, VerifyStatus, VerifyWheelhouse } from './contract.js';
export { verifyWheelhouse } from './verify-wheelhouse.js';
export { PASSING_STATUSES } from './pin-applies.js';
export { renderVerifyReport, verifyFailureSummary } from './render-report.js';
export { pipTargetFlags } from './pip-check.js';
export { WHEELHOUSE_OWN_FILES } from './wheelhouse-files.js';
