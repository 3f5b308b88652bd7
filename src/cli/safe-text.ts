// What the CLI prints back of the user's input. A value typed on the command line can hold terminal escape sequences
// (ESC, CSI, BEL, a carriage return that hides the rest of the line); printed raw, they would rewrite the user's
// terminal. Everything the CLI echoes goes through here, so control characters show up as visible \u escapes.

/** Control and format characters, and the Unicode line and paragraph separators: nothing a person can read. */
export const NON_PRINTABLE = /[\p{C}\p{Zl}\p{Zp}]/u;
const NON_PRINTABLE_ALL = new RegExp(NON_PRINTABLE.source, 'gu');

/** Longest stretch of a value quoted back in a message; the rest is summarised by its length. */
const SHOWN_CHARACTERS = 40;

/** `text` with every non-printable character replaced by its \uXXXX escape. */
export function escapeNonPrintable(text: string): string {
  return text.replace(NON_PRINTABLE_ALL, escapeOne);
}

/** The same for multi-line text of our own making (messages that may quote a server's answer): \n stays a break. */
export function escapeNonPrintableLines(text: string): string {
  return text.split('\n').map(escapeNonPrintable).join('\n');
}

function escapeOne(char: string): string {
  return `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

/** A value as messages quote it: escaped, in double quotes, long values cut short with their length. */
export function displayValue(raw: string): string {
  const characters = [...raw];
  if (characters.length <= SHOWN_CHARACTERS) return `"${escapeNonPrintable(raw)}"`;
  return `"${escapeNonPrintable(characters.slice(0, SHOWN_CHARACTERS).join(''))}…" (${characters.length} characters)`;
}
