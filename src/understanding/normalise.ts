import type { ConverterFunction } from "opencc-js/t2cn" with { "resolution-mode": "import" };

type OpenCC = typeof import("opencc-js/t2cn", { with: { "resolution-mode": "import" } });

/** Ends a clause: what negation and "not now" look back within. */
export const clauseEnd = /[，。\n]/;

/**
 * One spelling for what residents type: half-width letters and digits (ＡＢＣ１２３), Simplified
 * characters (東街社區的路燈壞了 → 东街社区的路灯坏了, Taiwan's usage included: 著火 → 着火),
 * lower case, the county's known misspellings corrected, clause punctuation as "，" and sentence
 * punctuation as "。", one space between words. The keywords, examples and emergency words of the
 * configuration go through the same function, so both sides are spelled alike.
 */
export class Normaliser {
  private readonly toSimplified: ConverterFunction;
  private readonly typos: [string, string][];

  constructor(typos: Record<string, string>) {
    this.toSimplified = toSimplified();
    // Longest first, so a longer misspelling is fixed before a shorter one inside it.
    this.typos = Object.entries(typos)
      .map(([wrong, right]) => [this.spell(wrong), this.spell(right)] as [string, string])
      .sort((a, b) => b[0].length - a[0].length);
  }

  normalise(text: string): string {
    let t = this.spell(text);
    for (const [wrong, right] of this.typos) if (t.includes(wrong)) t = t.split(wrong).join(right);
    return t;
  }

  private spell(text: string): string {
    return this.toSimplified(text.normalize("NFKC"))
      .toLowerCase()
      .replace(/[\p{Cc}\p{Cf}]/gu, (c: string) => (c === "\n" ? "\n" : " "))
      .replace(/[,;:、]+/g, "，")
      .replace(/(?<!\d)\.(?!\d)|[!?。…~～]+/g, "。")
      .replace(/([，。])[，。\s]*/g, "$1")
      .replace(/[ \t]+/g, " ")
      .replace(/ ?\n[\s]*/g, "\n")
      .trim();
  }
}

let converter: ConverterFunction | undefined;

/**
 * Traditional (Taiwan's usage included) to Simplified: one converter per process, made at its
 * first use (building its tables takes 30 ms or more) and shared, since it never changes.
 */
function toSimplified(): ConverterFunction {
  // opencc-js is an ES module with a CommonJS build; this CommonJS build can only require it.
  converter ??= (require("opencc-js/t2cn") as OpenCC).Converter({ from: "tw", to: "cn" });
  return converter;
}
