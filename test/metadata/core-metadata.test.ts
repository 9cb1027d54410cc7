import { describe, expect, it } from 'vitest';
import { ArchiveError, MetadataError } from '../../src/errors.js';
import { getMetadataField, parseCoreMetadata } from '../../src/metadata/core-metadata.js';
import { hasPython, runPythonJson } from '../helpers/python.js';

const BASIC = `Metadata-Version: 2.1
Name: demo-pkg
Version: 1.2.3
Summary: A demo
Requires-Python: >=3.8
Provides-Extra: socks
Requires-Dist: requests (>=2.0)
Requires-Dist: PySocks ; extra == 'socks'
Classifier: Programming Language :: Python

The long description.
Second line.
`;

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('parseCoreMetadata', () => {
  it('reads the standard fields, repeated fields and the body as the description', () => {
    const m = parseCoreMetadata(Buffer.from(BASIC));
    expect(m).toMatchObject({
      metadataVersion: '2.1',
      name: 'demo-pkg',
      version: '1.2.3',
      summary: 'A demo',
      requiresPython: '>=3.8',
      providesExtra: ['socks'],
      requiresDist: ['requests (>=2.0)', "PySocks ; extra == 'socks'"],
      dynamic: [],
      description: 'The long description.\nSecond line.\n',
      warnings: [],
    });
    expect(getMetadataField(m, 'classifier')).toEqual(['Programming Language :: Python']);
    expect(m.fields.map((f) => f.name)).toContain('Classifier');
  });

  it('matches field names without regard to case, keeps unknown fields, reads CRLF and no final newline', () => {
    const text = 'metadata-version: 2.2\r\nNAME: x\r\nversion: 1.0\r\nX-Custom: kept\r\nrequires-dist: a\r\nDynamic: Requires-Dist';
    const m = parseCoreMetadata(text);
    expect(m.name).toBe('x');
    expect(m.version).toBe('1.0');
    expect(m.requiresDist).toEqual(['a']);
    expect(m.dynamic).toEqual(['Requires-Dist']);
    expect(getMetadataField(m, 'x-custom')).toEqual(['kept']);
  });

  it('unfolds folded continuation lines for the typed fields and keeps them raw in fields', () => {
    const m = parseCoreMetadata('Metadata-Version: 2.1\nName: x\nVersion: 1\nSummary: a long\n  summary\nRequires-Dist: foo;\n python_version < "3.9"\n');
    expect(m.summary).toBe('a long  summary');
    expect(m.requiresDist).toEqual(['foo; python_version < "3.9"']);
    expect(m.fields.find((f) => f.name === 'Summary')!.value).toBe('a long\n  summary');
  });

  it('replaces bytes that are not UTF-8 and says so in a warning naming the member', () => {
    const bytes = Buffer.concat([Buffer.from('Metadata-Version: 2.1\nName: x\nVersion: 1\nSummary: caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const m = parseCoreMetadata(bytes, { source: { file: 'x-1-py3-none-any.whl' }, member: 'x-1.dist-info/METADATA' });
    expect(m.summary).toBe('caf\ufffd');
    expect(m.warnings).toHaveLength(1);
    expect(m.warnings[0]!.message).toMatch(/not valid UTF-8/);
    expect(m.warnings[0]!.file).toBe('x-1-py3-none-any.whl!x-1.dist-info/METADATA');
  });

  it('undoes the 7-spaces-and-pipe indentation of a 1.x Description field', () => {
    const m = parseCoreMetadata('Metadata-Version: 1.1\nName: x\nVersion: 1\nDescription: first\n       |second\n       |\n       |  indented\n');
    expect(m.description).toBe('first\nsecond\n\n  indented');
  });

  it('starts the body at a line that is not a field, with a warning (as Python does)', () => {
    const m = parseCoreMetadata('Metadata-Version: 2.1\nName: x\nVersion: 1\nthis is not a header\nmore\n');
    expect(m.description).toBe('this is not a header\nmore\n');
    expect(m.warnings[0]!.line).toBe(4);
  });

  it('warns for a newer 2.x Metadata-Version and fails for an unknown major version', () => {
    expect(parseCoreMetadata('Metadata-Version: 2.9\nName: x\nVersion: 1\n').warnings[0]!.message).toMatch(/newer/);
    const err = thrown(() => parseCoreMetadata('Metadata-Version: 3.0\nName: x\nVersion: 1\n'));
    expect(err).toBeInstanceOf(MetadataError);
    expect((err as MetadataError).text).toBe('3.0');
  });

  it('fails without Name or Version, naming the source and member', () => {
    const err = thrown(() => parseCoreMetadata('Metadata-Version: 2.1\nVersion: 1\n', { source: { url: 'https://example.org/x.whl' }, member: 'x-1.dist-info/METADATA' }));
    expect(err).toBeInstanceOf(MetadataError);
    expect((err as MetadataError).message).toMatch(/has no Name/);
    expect((err as MetadataError).where()).toBe('x-1.dist-info/METADATA (https://example.org/x.whl)');
    expect(thrown(() => parseCoreMetadata('Metadata-Version: 2.1\nName: x\n'))).toBeInstanceOf(MetadataError);
    expect(thrown(() => parseCoreMetadata('Metadata-Version: 2.1\nName: bad name!\nVersion: 1\n'))).toBeInstanceOf(MetadataError);
  });

  it('fails on two different Names, warns on a repeated single-use field', () => {
    expect(thrown(() => parseCoreMetadata('Name: a\nName: b\nVersion: 1\n'))).toBeInstanceOf(MetadataError);
    const m = parseCoreMetadata('Metadata-Version: 2.1\nName: a\nVersion: 1\nSummary: one\nSummary: two\n');
    expect(m.summary).toBe('one');
    expect(m.warnings.some((w) => /Summary is given 2 times/.test(w.message))).toBe(true);
  });

  it('refuses Name or Version in Dynamic (PEP 643)', () => {
    const err = thrown(() => parseCoreMetadata('Metadata-Version: 2.2\nName: a\nVersion: 1\nDynamic: Version\n'));
    expect(err).toBeInstanceOf(MetadataError);
    expect((err as MetadataError).text).toBe('Version');
  });

  it('refuses metadata over the size cap', () => {
    const err = thrown(() => parseCoreMetadata(Buffer.alloc(2000, 0x41), { maxBytes: 1000, member: 'PKG-INFO' }));
    expect(err).toBeInstanceOf(ArchiveError);
  });

  it('reads License-Expression (2.4) and ignores a byte-order mark with a warning', () => {
    const m = parseCoreMetadata('\ufeffMetadata-Version: 2.4\nName: a\nVersion: 1\nLicense-Expression: MIT OR Apache-2.0\nLicense-File: LICENSE\n');
    expect(m.licenseExpression).toBe('MIT OR Apache-2.0');
    expect(getMetadataField(m, 'License-File')).toEqual(['LICENSE']);
    expect(m.warnings.map((w) => w.message)).toEqual(['a byte-order mark at the start was ignored']);
  });
});

// Python's email parser (compat32, as pip and packaging use it) is the oracle for what
// the fields are; our values are unfolded, so unfold Python's the same way.
const ORACLE = String.raw`
import json, sys, email.parser, email.policy, re
out = []
for text in json.load(sys.stdin):
    msg = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(text.encode("utf-8", "surrogateescape"))
    def norm(v):
        return re.sub(r"\r?\n(?=[ \t])", "", str(v)).strip()
    out.append({k: [norm(v) for v in (msg.get_all(k) or [])] for k in ["Name", "Version", "Requires-Dist", "Requires-Python", "Provides-Extra", "Summary", "Dynamic"]})
print(json.dumps(out))
`;

describe.skipIf(!hasPython())('parseCoreMetadata against Python\'s email parser', () => {
  const cases = [
    BASIC,
    'Metadata-Version: 2.1\r\nName: crlf\r\nVersion: 1\r\nRequires-Dist: a\r\nRequires-Dist: b; extra == "x"\r\n\r\nbody\r\n',
    'Metadata-Version: 2.1\nName: folded\nVersion: 1\nSummary: one\n two\n\tthree\nRequires-Dist: foo;\n  python_version < "3"\n',
    'Metadata-Version: 2.2\nname: lower\nVERSION: 2\nrequires-python: >=3\nDynamic: Requires-Dist\nDynamic: Provides-Extra',
    'Metadata-Version: 2.1\nName: nobody\nVersion: 1\nProvides-Extra: a\nProvides-Extra: B_c\nnot a header line\nRequires-Dist: ignored\n',
    'Metadata-Version: 2.1\nName: emptyvals\nVersion: 1\nSummary:\nRequires-Dist: x\n',
    'Metadata-Version: 2.1\nName: trailing  \nVersion:   3.0  \nRequires-Python:  >=3.7 , <4\n',
    ' leading continuation\nMetadata-Version: 2.1\nName: odd\n: empty name\nVersion: 4\nRequires-Dist: z\n',
  ];
  it('gives the same fields for tricky inputs', async () => {
    const py = await runPythonJson<Record<string, string[]>[]>(ORACLE, cases);
    cases.forEach((text, i) => {
      const m = parseCoreMetadata(text);
      const expected = py[i]!;
      expect({ name: [m.name], version: [m.version], rd: m.requiresDist, rp: m.requiresPython === undefined ? [] : [m.requiresPython], pe: m.providesExtra, dyn: m.dynamic }).toEqual({
        name: expected['Name'],
        version: expected['Version'],
        rd: expected['Requires-Dist'],
        rp: expected['Requires-Python'],
        pe: expected['Provides-Extra'],
        dyn: expected['Dynamic'],
      });
      expect(m.summary ?? '').toBe((expected['Summary'] ?? [''])[0] ?? '');
    });
  });
});
