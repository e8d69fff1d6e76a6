// The one rule for text that comes in from outside (query parameters, form fields, file names): characters no person
// types on purpose are removed at the edge, before any route sees the request (DESIGN §7, decision 0012).

/** C0 control characters except TAB, LF and CR; DEL; the C1 controls U+0080–U+009F. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** A surrogate without its partner (in unicode mode a proper pair is one code point and does not match). */
const LONE_SURROGATE = /\p{Cs}/gu;

/**
 * The text without control characters (kept: tab, line feed, carriage return) and with every lone surrogate replaced
 * by U+FFFD, like `String.prototype.toWellFormed`. PostgreSQL refuses U+0000 in text, and neither the database nor a
 * browser can do anything sensible with the others; a person who pasted one does not see it and loses nothing.
 */
export function cleanText(value: string): string {
  return value.replace(CONTROL_CHARACTERS, "").replace(LONE_SURROGATE, "\uFFFD");
}

/** Whether `cleanText` would change the text. */
export function needsCleaning(value: string): boolean {
  return cleanText(value) !== value;
}
