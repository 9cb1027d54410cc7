/**
 * Throw-away certificate authorities for HTTPS tests, made with the openssl command line:
 * `makeCertificateAuthority(dir, name)` writes `<name>-ca.pem` and a server key and
 * certificate for 127.0.0.1 / localhost signed by it. Tests skip visibly without openssl.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const OPENSSL_ABSENT = 'SKIPPED: no openssl command to make test certificates';

export function hasOpenssl(): boolean {
  return spawnSync('openssl', ['version']).status === 0;
}

export interface TestCertificates {
  /** PEM file of the CA certificate */
  caFile: string;
  ca: string;
  key: string;
  cert: string;
}

export function makeCertificateAuthority(dir: string, name: string): TestCertificates {
  const p = (f: string) => path.join(dir, `${name}-${f}`);
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('ca.key'), '-out', p('ca.pem'), '-days', '2', '-subj', `/CN=wheelhouse test CA ${name}`]);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('server.key'), '-out', p('server.csr'), '-subj', '/CN=127.0.0.1']);
  writeFileSync(p('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n');
  run(['x509', '-req', '-in', p('server.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p('server.pem'), '-days', '2', '-extfile', p('ext.cnf')]);
  return {
    caFile: p('ca.pem'),
    ca: readFileSync(p('ca.pem'), 'utf8'),
    key: readFileSync(p('server.key'), 'utf8'),
    cert: readFileSync(p('server.pem'), 'utf8'),
  };
}
