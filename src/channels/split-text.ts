/**
 * Splits text into pieces that fit a platform's length limit, for adapters (Telegram,
 * WeChat). Lengths and offsets are UTF-16 code units (JS string indices), the unit Telegram
 * uses for entities; counting them for a limit is conservative, as a code point never takes
 * fewer units.
 */

export interface Span {
  offset: number;
  length: number;
}

export interface Piece {
  /** Offset of the piece in the original text, to rebase entities. */
  start: number;
  text: string;
}

/** Preferred break characters, best first: a paragraph, then a sentence, then a word. */
const BREAKS: readonly (readonly string[])[] = [
  ["\n"],
  ["。", "！", "？", "!", "?", "；", ";", "…"],
  [" ", "\t", "，", ",", "、", "：", ":"],
];

/**
 * Pieces of at most `firstLimit` (the first) and `restLimit` (the others) units. Breaks at
 * a newline, sentence end or word gap in the second half of the window when there is one,
 * never inside a surrogate pair or a kept-together span (a mention) unless that span is
 * itself too long. Whitespace at the edges of pieces is dropped: the platforms trim it anyway,
 * and trimming it here keeps entity offsets right.
 */
export function splitText(text: string, firstLimit: number, restLimit: number, keepTogether: readonly Span[] = []): Piece[] {
  const pieces: Piece[] = [];
  let start = skipWhitespace(text, 0);
  let limit = firstLimit;
  while (start < text.length) {
    const end = text.length - start <= limit ? text.length : breakPoint(text, start, start + limit, keepTogether);
    const piece = text.slice(start, end).trimEnd();
    if (piece !== "") pieces.push({ start, text: piece });
    start = skipWhitespace(text, end);
    limit = restLimit;
  }
  return pieces;
}

function breakPoint(text: string, start: number, max: number, keepTogether: readonly Span[]): number {
  const min = start + Math.floor((max - start) / 2);
  let end = max;
  search: for (const chars of BREAKS) {
    for (let i = max - 1; i >= min; i--) {
      if (chars.includes(text.charAt(i))) {
        end = i + 1;
        break search;
      }
    }
  }
  if (end === max && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  for (const span of keepTogether) {
    if (span.offset > start && span.offset < end && end < span.offset + span.length) end = span.offset;
  }
  return end;
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text.charAt(i))) i++;
  return i;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
