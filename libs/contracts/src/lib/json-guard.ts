/**
 * Cheap checks on an untrusted payload before and right after JSON.parse (rules `too_large`, `byte_order_mark`,
 * `too_deep`, `forbidden_key` of input-rules.ts). Linear, allocation-free where they run before parsing, never
 * recursive. Pure.
 */

/** UTF-8 length in bytes of a JS string, without encoding it (lone surrogates count 3, as TextEncoder writes U+FFFD). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Whether `bytes` starts with the UTF-8 byte-order mark EF BB BF. */
export function startsWithUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** Whether `text` holds only JSON whitespace (RFC 8259 §2: space, tab, LF, CR). */
export function isBlankJson(text: string): boolean {
  return /^[ \t\n\r]*$/.test(text);
}

/**
 * Whether arrays/objects in JSON text nest deeper than `max`. One pass over the characters, skipping strings
 * (with their escapes); correct for any JSON text and harmless on non-JSON (which JSON.parse then refuses).
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * The first key of `forbidden` found at any depth of a parsed JSON document, or `undefined`. Iterative (an explicit
 * stack), so safe on any depth; call it after {@link nestsDeeperThan} has bounded the document anyway.
 */
export function findForbiddenKey(document: unknown, forbidden: ReadonlySet<string>): string | undefined {
  const stack: unknown[] = [document];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const item of node as unknown[]) stack.push(item);
      continue;
    }
    // JSON.parse creates a `__proto__` member as an own data property (ECMA-262, JSON.parse), so Object.keys
    // sees it and no prototype was touched.
    for (const key of Object.keys(node)) {
      if (forbidden.has(key)) return key;
      stack.push((node as Record<string, unknown>)[key]);
    }
  }
  return undefined;
}
