import {
  findForbiddenKey,
  isBlankJson,
  nestsDeeperThan,
  startsWithUtf8Bom,
  utf8ByteLength,
} from './json-guard';

describe('utf8ByteLength', () => {
  it.each(['', 'COD', 'Phong Khê', 'µg/m³', '😷 PM2.5', 'ệ'.repeat(100), '\ud800 lone', 'end \udc00'])(
    'matches the encoded length of %j',
    (text) => expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).byteLength),
  );
});

describe('nestsDeeperThan', () => {
  it.each([
    ['{"a":1}', 1, false],
    ['{"a":{"b":[1]}}', 2, true],
    ['{"a":{"b":[1]}}', 3, false],
    ['{"a":"[[[[{{{{"}', 1, false],
    ['{"a":"\\"[[[["}', 1, false],
    ['{"a":"\\\\"}[[', 1, true],
    ['{"a":"\\\\"}[[', 2, false],
    ['[]'.repeat(50), 1, false],
  ] as const)('%s deeper than %d: %s', (text, max, deeper) =>
    expect(nestsDeeperThan(text, max)).toBe(deeper),
  );

  it('scans a million brackets without recursion', () => {
    expect(nestsDeeperThan('['.repeat(1_000_000), 8)).toBe(true);
  });
});

describe('findForbiddenKey', () => {
  const forbidden = new Set(['__proto__', 'constructor', 'prototype']);
  it.each([
    ['{"a":1}', undefined],
    ['{"__proto__":{"x":1}}', '__proto__'],
    ['{"a":[{"b":{"constructor":1}}]}', 'constructor'],
    ['{"a":"__proto__"}', undefined],
  ] as const)('%s → %s', (text, key) => expect(findForbiddenKey(JSON.parse(text), forbidden)).toBe(key));

  it('leaves Object.prototype alone while looking', () => {
    findForbiddenKey(JSON.parse('{"__proto__":{"polluted":true}}'), forbidden);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('byte-order mark and blank text', () => {
  it('recognises EF BB BF only', () => {
    expect(startsWithUtf8Bom(Uint8Array.from([0xef, 0xbb, 0xbf, 0x7b]))).toBe(true);
    expect(startsWithUtf8Bom(Uint8Array.from([0xff, 0xfe, 0x7b, 0x00]))).toBe(false);
    expect(startsWithUtf8Bom(Uint8Array.from([0xef, 0xbb]))).toBe(false);
  });
  it('treats only JSON whitespace as blank', () => {
    expect(isBlankJson(' \t\r\n')).toBe(true);
    expect(isBlankJson('\u00a0')).toBe(false);
  });
});
