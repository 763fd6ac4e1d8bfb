// Finds the raw text of one top-level member of a JSON object, so a value can be stored and
// delivered byte for byte as the client sent it: JSON.parse + stringify would round big integers
// (9007199254740993), drop trailing zeros (1.10), expand exponents (1e2) and turn 1e400 into null.

const isWs = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

function skipWs(t: string, i: number): number {
  while (i < t.length && isWs(t.charCodeAt(i))) i++;
  return i;
}

/** Index just past the string starting at the quote at `i`: jumps from quote to quote, skipping escaped ones. */
function stringEnd(t: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = t.indexOf('"', j);
    if (q < 0) return t.length;
    let k = q - 1;
    while (t.charCodeAt(k) === 92) k--;
    if ((q - 1 - k) % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** Index just past the value starting at `i` (an object, array, string or scalar). */
function valueEnd(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (c === 34) return stringEnd(t, i);
  if (c === 123 || c === 91) {
    let depth = 0;
    for (let j = i; j < t.length; j++) {
      const d = t.charCodeAt(j);
      if (d === 34) j = stringEnd(t, j) - 1;
      else if (d === 123 || d === 91) depth++;
      else if ((d === 125 || d === 93) && --depth === 0) return j + 1;
    }
    return t.length;
  }
  let j = i;
  while (j < t.length) {
    const d = t.charCodeAt(j);
    if (d === 44 || d === 125 || d === 93 || isWs(d)) break;
    j++;
  }
  return j;
}

/**
 * The exact text of member `key` of the top-level object in `text`, or undefined when absent (or
 * when `text` is not an object). `text` must already be valid JSON (JSON.parse accepted it); like
 * JSON.parse, the last of duplicate keys wins.
 */
export function jsonMemberText(text: string, key: string): string | undefined {
  let i = skipWs(text, 0);
  if (text.charCodeAt(i) !== 123) return undefined;
  i = skipWs(text, i + 1);
  let found: string | undefined;
  while (i < text.length && text.charCodeAt(i) === 34) {
    const keyEnd = stringEnd(text, i);
    const raw = text.slice(i + 1, keyEnd - 1);
    const name = raw.includes("\\") ? (JSON.parse(text.slice(i, keyEnd)) as string) : raw;
    i = skipWs(text, skipWs(text, keyEnd) + 1); // past the colon
    const end = valueEnd(text, i);
    if (name === key) found = text.slice(i, end);
    i = skipWs(text, end);
    if (text.charCodeAt(i) !== 44) break;
    i = skipWs(text, i + 1);
  }
  return found;
}
