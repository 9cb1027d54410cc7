/**
 * Which certificate authorities TLS connections trust. Without `--cert` or `SSL_CERT_FILE`
 * nothing is passed and Node uses its roots plus `NODE_EXTRA_CA_CERTS` (Node reads that
 * variable once, at start). With either, the connector gets an explicit `ca` list: Node's
 * roots + the `NODE_EXTRA_CA_CERTS` file (an explicit `ca` replaces Node's default store,
 * extra certificates included, so they are added back here) + the given bundles.
 *
 * Unlike pip, where `--cert` replaces the trusted roots, a bundle here adds to them: a
 * company CA is trusted without losing the public roots.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { UsageError } from '../../errors.js';
import type { Environment } from './options.js';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates of a PEM bundle; a UsageError names the file when it has none or a bad one. */
export function readPemBundle(file: string, origin: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the CA bundle ${file} (${origin})`, {
      location: { file },
      expected: 'a readable PEM file of CA certificates',
      cause: err,
    });
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw new UsageError(`no certificate in the CA bundle ${file} (${origin})`, {
      location: { file },
      expected: 'one or more "-----BEGIN CERTIFICATE-----" blocks',
    });
  }
  blocks.forEach((pem, i) => {
    try {
      new X509Certificate(pem);
    } catch (err) {
      throw new UsageError(`certificate ${i + 1} of the CA bundle ${file} (${origin}) is not valid`, {
        location: { file },
        text: pem.slice(0, 80),
        expected: 'a PEM-encoded X.509 certificate',
        cause: err,
      });
    }
  });
  return blocks;
}

/**
 * The `ca` option for TLS connections, or undefined to keep Node's defaults. `cert` is
 * `--cert`; `SSL_CERT_FILE` is read from `env`.
 */
export function certificateAuthorities(cert: string | undefined, env: Environment): string[] | undefined {
  const bundles: Array<[string, string]> = [];
  if (cert !== undefined) bundles.push([cert, '--cert']);
  const sslCertFile = env['SSL_CERT_FILE'];
  if (sslCertFile !== undefined && sslCertFile !== '') bundles.push([sslCertFile, 'SSL_CERT_FILE']);
  if (bundles.length === 0) return undefined;
  const ca = [...tls.rootCertificates];
  const extra = env['NODE_EXTRA_CA_CERTS'];
  if (extra !== undefined && extra !== '') {
    try {
      ca.push(...readPemBundle(extra, 'NODE_EXTRA_CA_CERTS'));
    } catch {
      // Node itself only warns about a bad NODE_EXTRA_CA_CERTS; so do we (by ignoring it).
    }
  }
  for (const [file, origin] of bundles) ca.push(...readPemBundle(file, origin));
  // The same bundle often comes twice (SSL_CERT_FILE and NODE_EXTRA_CA_CERTS both naming the system's).
  return [...new Set(ca.map((pem) => pem.trim()))];
}
