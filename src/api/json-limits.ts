/**
 * Limits on the shape of a JSON body, checked before it is parsed: no request of this API nests
 * deeper than a few levels, and a body nested thousands deep would exhaust the stack of whatever
 * walks it (the parser, validation), which must answer 400, never 500.
 */
export const MAX_JSON_DEPTH = 32;

/** Why this JSON text is refused before parsing, or null. Scans once, without recursion. */
export function jsonShapeProblem(text: string, maxDepth = MAX_JSON_DEPTH): string | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > maxDepth) return `The JSON body is nested deeper than ${maxDepth} levels.`;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return null;
}
