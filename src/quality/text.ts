/** Text helpers shared by the checks (internal). */

/** Replaces fenced code blocks (``` and ~~~, closed or not) and inline code with a space. */
export function stripCode(text: string): string {
  return text
    .replace(/```[\s\S]*?(?:```|$)/g, ' ')
    .replace(/~~~[\s\S]*?(?:~~~|$)/g, ' ')
    .replace(/`[^`\n]*`/g, ' ');
}

/** True when the whole text is a JSON object or array (structured output, not prose). */
export function isJsonDocument(text: string): boolean {
  const t = text.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}
