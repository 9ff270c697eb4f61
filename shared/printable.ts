// Untrusted text shown back to people, in one rule: which characters may be shown as they are. Control
// characters (C0, DEL, C1) could move a terminal's cursor or rewrite its screen; bidi embeddings, overrides
// and isolates can make text read as something it is not ("exe.gnp" shown as "png.exe"); line and paragraph
// separators break a line where none was meant; a lone surrogate is not text at all. Everything else,
// letters, digits, punctuation and symbols of every script, shows as written.

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
const UNSAFE_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** Longest echo of untrusted text in a message: a whole status link (rstatus://, 52 key characters, /seq) fits. */
export const MAX_ECHO_CHARS = 80

/**
 * Text echoed in a one-line message (an unknown option, a setting that is not a number, a name not found):
 * what cannot be shown safely becomes '?', and text longer than MAX_ECHO_CHARS is cut, ending in '...'.
 */
export function printable(text: string): string {
  const clean = text.replace(UNSAFE, '?')
  return clean.length > MAX_ECHO_CHARS ? clean.slice(0, MAX_ECHO_CHARS - 3) + '...' : clean
}

/**
 * Text printed whole (a status, a name, a log line on a terminal): newlines and tabs stay; anything else that
 * cannot be shown safely becomes U+FFFD, the mark of a character that cannot be shown.
 */
export function printableText(text: string): string {
  return text.replace(UNSAFE_BUT_LINES, '\ufffd')
}
