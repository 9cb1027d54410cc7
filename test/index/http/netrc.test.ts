/**
 * netrc parsing, differentially against Python's `netrc` module (what pip's requests
 * uses) on cases from its test suite (CPython Lib/test/test_netrc.py: quoting, escapes,
 * comments, macdef, `default`, duplicate machines) plus a few of our own.
 */
import { describe, expect, it } from 'vitest';
import { netrcCredentials, parseNetrc } from '../../../src/index/http/netrc.js';
import { hasPython, runPythonJson } from '../../helpers/python.js';

const CASES: Array<{ text: string; hosts: string[] }> = [
  { text: 'machine host.domain.com login log1 password pass1 account acct1\ndefault login log2 password pass2\n', hosts: ['host.domain.com', 'other'] },
  { text: 'machine host.domain.com login log password pass\nmachine host.domain.com login other password two\n', hosts: ['host.domain.com'] },
  { text: 'machine host login "log with space" password "pa\\"ss"\n', hosts: ['host'] },
  { text: 'machine host login log password pa\\ ss\n', hosts: ['host'] },
  { text: 'machine host.domain.com login log password "#pass" account acct\n', hosts: ['host.domain.com'] },
  { text: '# comment\nmachine foo.domain.com login bar password pass\n', hosts: ['foo.domain.com'] },
  { text: '#comment\nmachine foo.domain.com login bar password pass\n', hosts: ['foo.domain.com'] },
  { text: '#\nmachine foo.domain.com login bar password pass\n', hosts: ['foo.domain.com'] },
  { text: 'machine foo.domain.com login bar password pass # comment\nmachine bar.domain.com login foo password pass\n', hosts: ['foo.domain.com', 'bar.domain.com'] },
  { text: 'machine foo.domain.com login bar password pass #comment\nmachine bar.domain.com login foo password pass\n', hosts: ['foo.domain.com', 'bar.domain.com'] },
  { text: 'macdef init\ncd /pub\nbinary\n\nmachine host login l password p\n', hosts: ['host'] },
  { text: 'machine host account acc password pw\n', hosts: ['host'] },
  { text: 'machine host user u password p\n', hosts: ['host'] },
  { text: 'machine host\n\tlogin l\n\tpassword p\n\nmachine host2 login l2\n', hosts: ['host', 'host2', 'nope'] },
  { text: 'default login d password dp\nmachine after login a password ap\n', hosts: ['after', 'x'] },
  { text: '', hosts: ['x'] },
  { text: 'machine "quoted host" login l password p\n', hosts: ['quoted host'] },
];

const BAD = ['machine\n', 'login x password y\n', 'machine h login l bogus z\n', 'macdef m\nline\n'];

const ORACLE = `
import json, sys, netrc, tempfile, os
cases = json.load(sys.stdin)
out = []
for case in cases:
    fd, p = tempfile.mkstemp()
    with os.fdopen(fd, 'w') as f:
        f.write(case['text'])
    try:
        n = netrc.netrc(p)
        res = {}
        for h in case['hosts']:
            a = n.authenticators(h)
            # requests: login, or account when the login is empty; then the password
            res[h] = None if a is None else [a[0] if a[0] else a[1], a[2]]
        out.append({'ok': res})
    except netrc.NetrcParseError as e:
        out.append({'error': str(e.msg)})
    finally:
        os.unlink(p)
print(json.dumps(out))
`;

function ours(text: string, hosts: string[]): { ok: Record<string, [string, string] | null> } | { error: true } {
  try {
    const n = parseNetrc(text);
    const res: Record<string, [string, string] | null> = {};
    for (const h of hosts) {
      const c = netrcCredentials(n, h);
      res[h] = c === undefined ? null : [c.username, c.password];
    }
    return { ok: res };
  } catch {
    return { error: true };
  }
}

describe('parseNetrc', () => {
  it.skipIf(!hasPython())('agrees with Python’s netrc on every case', async () => {
    const all = [...CASES, ...BAD.map((text) => ({ text, hosts: ['h'] }))];
    const expected = await runPythonJson<Array<{ ok?: unknown; error?: string }>>(ORACLE, all);
    all.forEach((c, i) => {
      const want = expected[i]!;
      const got = ours(c.text, c.hosts);
      if (want.error !== undefined) expect(got, c.text).toEqual({ error: true });
      else expect(got, c.text).toEqual({ ok: want.ok });
    });
  });

  it('names the line of a syntax error', () => {
    expect(() => parseNetrc('machine a login b\nmachine a bogus c\n', '/home/u/.netrc')).toThrow(/bad token/);
    try {
      parseNetrc('machine a login b\nmachine a bogus c\n', '/home/u/.netrc');
    } catch (e) {
      expect((e as { location?: { line?: number } }).location?.line).toBe(2);
    }
  });

  it('lets a later entry for a machine replace an earlier one', () => {
    const n = parseNetrc('machine h login a password 1\nmachine h login b password 2\n');
    expect(netrcCredentials(n, 'h')).toEqual({ username: 'b', password: '2' });
  });
});
