import type { Category, Community } from "../config/schema";

/** The category whose keywords occur most often in the text; null when none occurs. */
export function inferCategory(text: string, categories: Category[]): string | null {
  return bestMatch(text, categories.map((c) => ({ id: c.id, words: c.keywords })));
}

/** The community named in the text, by its name or a keyword; null when none is. */
export function inferCommunity(text: string, communities: Community[]): string | null {
  return bestMatch(text, communities.map((c) => ({ id: c.id, words: [c.name, ...c.keywords] })));
}

export function isUrgent(text: string, urgentKeywords: string[]): boolean {
  return urgentKeywords.some((k) => text.includes(k));
}

function bestMatch(text: string, candidates: { id: string; words: string[] }[]): string | null {
  let best: { id: string; score: number } | null = null;
  for (const c of candidates) {
    // Longer keywords are more specific: "天然气泄漏" says more than "气".
    const score = c.words.reduce((sum, w) => (w && text.includes(w) ? sum + w.length : sum), 0);
    if (score > 0 && (!best || score > best.score)) best = { id: c.id, score };
  }
  return best?.id ?? null;
}
