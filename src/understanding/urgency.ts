import type { EmergencyKind } from "../config/schema";
import { clauseEnd } from "./normalise";

/** An emergency as configured, its words spelled as the normaliser spells the text. */
export interface EmergencyRule {
  kind: EmergencyKind;
  words: string[];
  categoryId: string | null;
  line: string | null;
}

export interface EmergencyReading {
  kind: EmergencyKind;
  /** The words that made it one, as found in the text. */
  word: string;
  /** Where it goes when the words alone do not say which category. */
  categoryId: string | null;
  /** A number to call, for the advice (the gas company's repair line). */
  line: string | null;
}

// The grammar of "it is not happening now", Chinese rather than the county's, so it lives here.
/** Right before the word: it is denied (不是着火, 没有漏气, 没有人受伤). */
const negatedBefore = /(不是|没有|没|并非|未曾|未|无|别)$/;
/** …except where the "negation" asks a question (是不是漏气了, 有没有漏气). */
const askedBefore = /(是不是|有没有)$/;
/** Earlier in the clause: it happened before, not now (以前燃气泄漏过, 去年着过火). */
const pastBefore = /(以前|之前|从前|去年|前年|曾经|上次|上回|上个月|上周|上礼拜|那年)/;
/** Right after the word: done with (泄漏过, 着火过). */
const pastAfter = /^过/;
/** Earlier in the clause: a worry or a hazard, not an event (担心漏电, 很容易着火, 有火灾隐患). */
const worryBefore = /(担心|害怕|怕|万一|容易|可能会|会不会|防止|预防|以防|小心|隐患)/;
/**
 * The same grammar in English, on the normalised text (lower case, one space between words).
 * Denied: "there is no fire", "nobody was hurt", "not a gas leak"; past: "there was a fire last
 * year", "we used to smell gas"; a worry: "I am worried it could catch fire", "a fire hazard".
 */
const negatedBeforeEn = /\b(no|not|never|without|isn't|wasn't|aren't|weren't|don't|doesn't|didn't|no one|nobody|none)( (one|was|is|got|were|are|been|any|a|an|the|sign of|smell of))*\s*$/;
const askedBeforeEn = /\b(is there|are there|was there|any)( (a|an|any|the))*\s*$/;
const pastEn = /\b(last (year|month|week|time|winter|summer)|years ago|months ago|weeks ago|used to|in the past|previously|once had|had a)\b/;
const worryEn = /\b(worried|worry|afraid|fear|scared|might|could|may|risk|in case|prevent|hazard|danger of|if there)\b/;
/** A word in Latin letters is matched whole: "fire" is not in "fired", "hurt" not in "hurtful". */
const latinLetter = /[a-z]/;

/** How far "A…B" may stretch: B within this many characters after A. */
const patternReach = 20;
/** How far back a denial may stand from the word (没有人受伤: "没" one character before "有人受伤"). */
const negationReach = 3;

/**
 * Whether a complaint reports an emergency happening now, and which kind: a separate decision
 * from the category, made on the normalised text. An emergency's word counts unless an exception
 * phrase covers it (打不着火, 火灾隐患), it is denied right before it (不是着火), it is in the
 * past (以前着过火 has no 着火 at all; 以前燃气泄漏过 does, with 以前 and 过), or it is a worry
 * (担心漏电). The first kind found, in the configuration's order, is the one reported.
 */
export class UrgencyReader {
  constructor(
    private readonly rules: readonly EmergencyRule[],
    private readonly exceptions: readonly string[],
  ) {}

  read(text: string): EmergencyReading | null {
    const masked = this.mask(text);
    for (const rule of this.rules) {
      for (const word of rule.words) {
        const found = word.includes("…") ? this.findPattern(masked, word) : this.findWord(masked, word);
        if (found !== null) return { kind: rule.kind, word: found, categoryId: rule.categoryId, line: rule.line };
      }
    }
    return null;
  }

  /** Exception phrases blanked out, so the emergency words inside them are not seen. */
  private mask(text: string): string {
    let out = text;
    for (const e of this.exceptions) if (out.includes(e)) out = out.split(e).join("□".repeat(e.length));
    return out;
  }

  private findWord(text: string, word: string): string | null {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      if (isWhole(text, at, at + word.length) && this.happeningNow(text, at, at + word.length)) return word;
    }
    return null;
  }

  /** "孩子…找不到": the first part, then the second within reach (我家孩子放学到现在还没回来，找不到了). */
  private findPattern(text: string, pattern: string): string | null {
    const [first = "", second = ""] = pattern.split("…");
    for (let at = text.indexOf(first); at >= 0; at = text.indexOf(first, at + 1)) {
      if (!isWhole(text, at, at + first.length)) continue;
      const from = at + first.length;
      const then = text.slice(from, from + patternReach + second.length).indexOf(second);
      const end = from + then + second.length;
      if (then >= 0 && isWhole(text, from + then, end) && this.happeningNow(text, from + then, end)) return text.slice(at, end);
    }
    return null;
  }

  private happeningNow(text: string, start: number, end: number): boolean {
    const clauseStart = lastClauseEnd(text, start) + 1;
    const before = text.slice(clauseStart, start);
    const near = before.slice(-negationReach);
    if (negatedBefore.test(near) && !askedBefore.test(before.slice(-3))) return false;
    if (pastBefore.test(before) || pastAfter.test(text.slice(end))) return false;
    if (worryBefore.test(before)) return false;
    return !(latinLetter.test(text.slice(start, end)) && this.deniedInEnglish(before, text.slice(end, lastClauseEndAfter(text, end))));
  }

  private deniedInEnglish(before: string, after: string): boolean {
    if (negatedBeforeEn.test(before) && !askedBeforeEn.test(before)) return true;
    return pastEn.test(before) || pastEn.test(after) || worryEn.test(before);
  }
}

/** An English word or phrase stands whole; Chinese has no spaces, so any place is whole there. */
function isWhole(text: string, start: number, end: number): boolean {
  const first = text[start] ?? "";
  const last = text[end - 1] ?? "";
  if (latinLetter.test(first) && latinLetter.test(text[start - 1] ?? "")) return false;
  return !(latinLetter.test(last) && latinLetter.test(text[end] ?? ""));
}

function lastClauseEndAfter(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (clauseEnd.test(text[i]!)) return i;
  return text.length;
}

function lastClauseEnd(text: string, before: number): number {
  for (let i = before - 1; i >= 0; i--) if (clauseEnd.test(text[i]!)) return i;
  return -1;
}
