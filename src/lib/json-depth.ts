// How deeply a JSON text nests, measured without parsing it. Used to refuse (API) or not parse
// (ingest) bodies whose nesting would overflow the stack of anything that walks them recursively
// later (JSON.stringify, structuredClone, filters).

/**
 * Deepest nesting of `[`/`{` in JSON text, scanned without recursion or allocation, skipping
 * string contents. Stops early once past `stopAfter`.
 */
export function jsonTextDepth(text: string, stopAfter = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) { max = depth; if (max > stopAfter) return max; }
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}
