/**
 * JSON with object keys sorted at every level and no whitespace: the same value written with keys in
 * another order gives the same text, so it can be hashed to recognise a repeated request. Meant for plain
 * data (what JSON.parse returns, validated input): any object is written as its own enumerable members.
 * The text is byte for byte what the recursive version wrote (stored fingerprints stay valid), built with
 * an explicit stack instead, so no nesting depth can overflow the call stack.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, { d: null, c: 'x' }] }); // '{"a":[true,{"c":"x","d":null}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  // Each entry is either text to emit as it is, or a value still to serialise.
  const pending: ({ text: string } | { value: unknown })[] = [{ value }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if ('text' in next) {
      parts.push(next.text);
      continue;
    }
    const current = next.value;
    if (typeof current !== 'object' || current === null) {
      parts.push(scalarText(current));
      continue;
    }
    // Pushed in reverse, popped in order.
    const tail: typeof pending = [];
    if (Array.isArray(current)) {
      tail.push({ text: '[' });
      current.forEach((member, index) => {
        if (index > 0) tail.push({ text: ',' });
        tail.push({ value: member });
      });
      tail.push({ text: ']' });
    } else {
      tail.push({ text: '{' });
      let first = true;
      for (const key of memberOrder(current)) {
        const member = (current as Record<string, unknown>)[key];
        // JSON.stringify leaves out members it cannot represent.
        if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
        tail.push({ text: `${first ? '' : ','}${JSON.stringify(key)}:` });
        tail.push({ value: member });
        first = false;
      }
      tail.push({ text: '}' });
    }
    for (let i = tail.length - 1; i >= 0; i--) pending.push(tail[i] as (typeof pending)[number]);
  }
  return parts.join('');
}

/** A scalar as JSON.stringify writes it; what it cannot represent (undefined, a function) is null in an array. */
function scalarText(value: unknown): string {
  return (JSON.stringify(value) as string | undefined) ?? 'null';
}

/**
 * Keys sorted by UTF-16 code units, in the order an object built from them enumerates: integer-like keys
 * ("2", "10") first in numeric order, then the rest as sorted. That is the order the recursive version
 * wrote (it rebuilt each object with Object.fromEntries), so fingerprints stored by it still match.
 */
function memberOrder(object: object): string[] {
  const sorted = Object.keys(object).sort(byCodeUnits);
  return Object.keys(Object.fromEntries(sorted.map((key) => [key, true])));
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
