import { isClauseEnd, isLocative } from "./segmenter";

/** What a category is learnt from: its example phrases and its keywords, already cut into words. */
export interface CategoryTraining {
  id: string;
  priority: number;
  examples: string[][];
  keywords: { words: string[]; weight: number }[];
}

export interface Ranked {
  id: string;
  /** Posterior probability given the words, 0–1; the ranking sums to 1. */
  p: number;
}

export interface Classification {
  /** Every category, likeliest first. */
  ranked: Ranked[];
  /** The likeliest, after safety priorities (gas before housing); null when no word was known. */
  chosen: Ranked | null;
  /** The words that spoke most for `chosen` over the runner-up, strongest first. */
  because: string[];
}

/** Words after these, to the end of the clause, are what the problem is not (不是物业的问题，是…). */
const denials = new Set(["不是", "并非", "并不是", "不属于", "不归"]);

/**
 * How much a place named to say where counts (医院 in 医院门口的路灯坏了), against 1 for the thing
 * wrong there: the streetlight decides, the hospital only leans. Not 0: a place can still say
 * whose the thing is (加油站旁边…用的明火: an open flame by a filling station is fire safety's).
 */
const placeWeight = 0.5;

/** A word the classifier weighs, and how much: 1, or `placeWeight` for a place. */
interface Feature {
  word: string;
  weight: number;
}

/** A word in Latin letters, as the normaliser leaves it (lower case): English is matched whole. */
const latin = /^[a-z][a-z'-]*$/;

/**
 * A multinomial Naive Bayes over words, trained at start from the configuration: a word of the
 * examples counts once for its category (binarized), a keyword `keywordWeight × weight` times. Deterministic and
 * explainable: a category's score is the sum of its words' log-probabilities, so the words that
 * decided can be named. Priors are equal (a category with more examples is not likelier for it),
 * and words the training never saw are left out rather than smoothed into noise.
 */
export class Classifier {
  private readonly logP = new Map<string, Map<string, number>>();
  private readonly unseen = new Map<string, number>();
  private readonly vocabulary = new Set<string>();
  /** Single characters that are keywords (药, 偷): the only ones weighed. */
  private readonly shortKeywords = new Set<string>();
  private readonly priority = new Map<string, number>();

  constructor(
    private readonly categories: readonly CategoryTraining[],
    keywordWeight: number,
    /** Of two readings, a higher-priority category whose probability is at least this share of the likeliest one's wins. */
    private readonly priorityShare = 0.4,
    alpha = 0.3,
  ) {
    const counts = new Map<string, Map<string, number>>();
    for (const c of categories) {
      const own = new Map<string, number>();
      const add = (w: string, n: number) => {
        own.set(w, (own.get(w) ?? 0) + n);
        this.vocabulary.add(w);
      };
      // Once per category, however many examples use it: 孩子 in six education examples is context, not a keyword.
      for (const w of new Set(c.examples.flat())) if (!isClauseEnd(w) && !isLocative(w)) add(w, 1);
      for (const k of c.keywords) for (const w of k.words) if (!isClauseEnd(w)) add(w, keywordWeight * k.weight);
      for (const k of c.keywords) if (k.words.length === 1 && k.words[0]!.length === 1) this.shortKeywords.add(k.words[0]!);
      counts.set(c.id, own);
      this.priority.set(c.id, c.priority);
    }
    const size = Math.max(this.vocabulary.size, 1);
    // One denominator for all: a category with fifty keywords must not make each of them count
    // for less than a category with ten does (菜市场 for 市容环境 against 噪音 for 生态环境).
    const totals = categories.map((c) => [...counts.get(c.id)!.values()].reduce((a, b) => a + b, 0));
    const denominator = totals.reduce((a, b) => a + b, 0) / Math.max(totals.length, 1) + alpha * size;
    for (const c of categories) {
      const own = counts.get(c.id)!;
      const logs = new Map<string, number>();
      for (const [w, n] of own) logs.set(w, Math.log((n + alpha) / denominator));
      this.logP.set(c.id, logs);
      this.unseen.set(c.id, Math.log(alpha / denominator));
    }
  }

  /**
   * The words the classifier weighs: known ones of two characters or more (a single character is
   * mostly grammar: 一, 收, 用; a configured one-character keyword such as 药 counts), minus what
   * a denial (不是 …) says the problem is not.
   */
  features(words: readonly string[]): string[] {
    return this.weighed(words).map((f) => f.word);
  }

  /**
   * The features and their weights: a word followed by a locative (医院门口, 学校旁边: see
   * `Segmenter.meaningful`) is a place named to say where, and counts `placeWeight`, as long as
   * something else is named; a place alone is all the words say, and counts in full.
   */
  private weighed(words: readonly string[]): Feature[] {
    const out: Feature[] = [];
    let denied = false;
    words.forEach((w, i) => {
      if (isClauseEnd(w)) denied = false;
      else if (denials.has(w)) denied = true;
      else if (!denied && !isLocative(w)) {
        const weight = isLocative(words[i + 1] ?? "") ? placeWeight : 1;
        for (const word of this.known(w)) out.push({ word, weight });
      }
    });
    return out.some((f) => f.weight === 1) ? out : out.map((f) => ({ ...f, weight: 1 }));
  }

  /**
   * The word if known; else the known words inside it, longest first from the left (垃圾堆 → 垃圾,
   * 公交卡 → 公交). An English word is whole or nothing ("paid" holds no "id"), known also by its
   * singular (potholes, wages: pothole, wage).
   */
  private known(w: string): string[] {
    if (this.vocabulary.has(w)) return [...w].length > 1 || this.shortKeywords.has(w) ? [w] : [];
    if (latin.test(w)) return [w.replace(/s$/, ""), w.replace(/es$/, "")].filter((s) => s.length > 1 && this.vocabulary.has(s)).slice(0, 1);
    const chars = [...w];
    const inside: string[] = [];
    for (let i = 0; i < chars.length; ) {
      let end = chars.length;
      while (end - i >= 2 && !this.vocabulary.has(chars.slice(i, end).join(""))) end--;
      if (end - i >= 2) {
        inside.push(chars.slice(i, end).join(""));
        i = end;
      } else i++;
    }
    return inside;
  }

  classify(words: readonly string[]): Classification {
    const features = this.weighed(words);
    const scores = this.categories.map((c) => ({ id: c.id, score: features.reduce((sum, f) => sum + f.weight * this.logOf(c.id, f.word), 0) }));
    const max = Math.max(...scores.map((s) => s.score));
    const sum = scores.reduce((a, s) => a + Math.exp(s.score - max), 0);
    const ranked = scores.map((s) => ({ id: s.id, p: Math.exp(s.score - max) / sum })).sort((a, b) => b.p - a.p);
    if (features.length === 0) return { ranked, chosen: null, because: [] };
    const top = ranked[0]!;
    // Safety first: a close reading of a higher-priority category wins (楼道里闻到燃气味: gas, not housing).
    const chosen = ranked
      .filter((r) => r.p >= top.p * this.priorityShare)
      .reduce((best, r) => (this.priority.get(r.id)! > this.priority.get(best.id)! ? r : best), top);
    const runnerUp = ranked.find((r) => r.id !== chosen.id) ?? chosen;
    // A word named twice, once as the place and once as the thing, speaks with its larger weight.
    const weights = new Map<string, number>();
    for (const f of features) weights.set(f.word, Math.max(weights.get(f.word) ?? 0, f.weight));
    const because = [...weights]
      .map(([w, weight]) => ({ w, weight: weight * (this.logOf(chosen.id, w) - this.logOf(runnerUp.id, w)) }))
      .filter((x) => x.weight > 0)
      .sort((a, b) => b.weight - a.weight)
      .slice(0, 4)
      .map((x) => x.w);
    return { ranked, chosen, because };
  }

  private logOf(category: string, word: string): number {
    return this.logP.get(category)!.get(word) ?? this.unseen.get(category)!;
  }
}
