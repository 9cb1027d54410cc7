/**
 * Warnings are data that callers print: the page URL and the offending text go through
 * redactCredentials here, as errors' do in WheelhouseError, so no token leaks by them.
 */
import { redactCredentials } from '../../util/redact.js';
import type { PageWarning, PageWarningCode } from './model.js';

export function pageWarning(code: PageWarningCode, message: string, url: string, text?: string): PageWarning {
  const warning: PageWarning = { code, message: redactCredentials(message), url: redactCredentials(url) };
  if (text !== undefined) warning.text = redactCredentials(text);
  return warning;
}
