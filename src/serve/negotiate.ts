/**
 * PEP 691 content negotiation on the server side: the client's Accept header (with q
 * values) chooses between JSON (`application/vnd.pypi.simple.v1+json`), HTML declared as
 * API v1 (`application/vnd.pypi.simple.v1+html`) and legacy `text/html`. `latest` means
 * v1 here. No Accept header, or one that names none of them, gets `text/html`: the format
 * every client reads (PEP 691 lets a server pick a default instead of answering 406).
 */
import { SIMPLE_HTML_V1, SIMPLE_JSON_V1 } from '../index/pages/content-type.js';

export type ServedFormat = 'json' | 'html-v1' | 'html';

export const CONTENT_TYPES: Readonly<Record<ServedFormat, string>> = {
  json: SIMPLE_JSON_V1,
  'html-v1': SIMPLE_HTML_V1,
  html: 'text/html; charset=utf-8',
};

const OFFERS: ReadonlyArray<{ format: ServedFormat; types: string[] }> = [
  { format: 'json', types: [SIMPLE_JSON_V1, 'application/vnd.pypi.simple.latest+json'] },
  { format: 'html-v1', types: [SIMPLE_HTML_V1, 'application/vnd.pypi.simple.latest+html'] },
  { format: 'html', types: ['text/html'] },
];

interface Range {
  type: string;
  q: number;
}

function parseAccept(header: string): Range[] {
  const out: Range[] = [];
  for (const part of header.split(',')) {
    const [type, ...params] = part.split(';');
    const t = (type ?? '').trim().toLowerCase();
    if (t === '') continue;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p);
      if (m) q = Math.min(1, Math.max(0, Number(m[1]) || 0));
    }
    out.push({ type: t, q });
  }
  return out;
}

/** How much the client wants `type`: the most specific matching range wins (RFC 9110 §12.5.1). */
function quality(ranges: Range[], type: string): number | undefined {
  const [major] = type.split('/');
  let best: { specificity: number; q: number } | undefined;
  for (const r of ranges) {
    const specificity = r.type === type ? 3 : r.type === `${major}/*` ? 2 : r.type === '*/*' ? 1 : 0;
    if (specificity === 0) continue;
    if (best === undefined || specificity > best.specificity) best = { specificity, q: r.q };
  }
  return best?.q;
}

export function negotiateFormat(accept: string | undefined): ServedFormat {
  if (accept === undefined || accept.trim() === '') return 'html';
  const ranges = parseAccept(accept);
  let chosen: { format: ServedFormat; q: number } | undefined;
  for (const offer of OFFERS) {
    // Only explicit mentions choose the Simple API formats; `*/*` alone means "anything": HTML.
    const q = Math.max(...offer.types.map((t) => (offer.format === 'html' ? (quality(ranges, t) ?? -1) : (ranges.find((r) => r.type === t)?.q ?? -1))));
    if (q > 0 && (chosen === undefined || q > chosen.q)) chosen = { format: offer.format, q };
  }
  return chosen?.format ?? 'html';
}
