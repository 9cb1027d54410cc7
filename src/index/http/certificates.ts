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

/**
 * The certificates of a PEM bundle; a UsageError names the file when it cannot be read or
 * has none, and (unless `check` is false) when one of them is not a valid certificate.
 */
export function readPemBundle(file: string, origin: string, check = true): string[] {
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
  if (check) checkCertificates(blocks, file, origin);
  return blocks;
}

/** Parses each certificate (a few milliseconds for a system bundle); a UsageError names the bad one. */
export function checkCertificates(blocks: readonly string[], file: string, origin: string): void {
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
}

/** The bundles to add to Node's roots: `--cert`, then `SSL_CERT_FILE`. */
function givenBundles(cert: string | undefined, env: Environment): Array<[string, string]> {
  const bundles: Array<[string, string]> = [];
  if (cert !== undefined) bundles.push([cert, '--cert']);
  const sslCertFile = env['SSL_CERT_FILE'];
  if (sslCertFile !== undefined && sslCertFile !== '') bundles.push([sslCertFile, 'SSL_CERT_FILE']);
  return bundles;
}

/**
 * Each certificate of the `--cert` and `SSL_CERT_FILE` bundles parsed (the check that
 * `certificateAuthorities(..., false)` leaves out, for when TLS is first needed).
 */
export function checkGivenCertificates(cert: string | undefined, env: Environment): void {
  for (const [file, origin] of givenBundles(cert, env)) checkCertificates(readPemBundle(file, origin, false), file, origin);
}

/**
 * The `ca` option for TLS connections, or undefined to keep Node's defaults. `cert` is
 * `--cert`; `SSL_CERT_FILE` is read from `env`. With `check` false the given bundles are
 * only read and searched for certificates, not parsed (see `checkGivenCertificates`).
 */
export function certificateAuthorities(cert: string | undefined, env: Environment, check = true): string[] | undefined {
  const bundles = givenBundles(cert, env);
  if (bundles.length === 0) return undefined;
  const ca = [...tls.rootCertificates];
  const extra = env['NODE_EXTRA_CA_CERTS'];
  if (extra !== undefined && extra !== '') {
    try {
      ca.push(...readPemBundle(extra, 'NODE_EXTRA_CA_CERTS', check));
    } catch {
      // Node itself only warns about a bad NODE_EXTRA_CA_CERTS; so do we (by ignoring it).
    }
  }
  for (const [file, origin] of bundles) ca.push(...readPemBundle(file, origin, check));
  // The same bundle often comes twice (SSL_CERT_FILE and NODE_EXTRA_CA_CERTS both naming the system's).
  return [...new Set(ca.map((pem) => pem.trim()))];
}
