/**
 * What a complaint is about, as a set: the character pairs of its meaningful words (one-character
 * words as themselves), with the community's names left out, since two complaints from one
 * community share those whatever they are about. Pairs rather than words, so 路灯坏了 and
 * 路灯又坏 still meet on 路灯 whichever way jieba cut them.
 */
export function signature(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    const chars = [...w];
    if (chars.length === 1) out.add(w);
    for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  }
  return out;
}

/** Dice's coefficient, 0–1: twice what the two share over what both hold. */
export function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return (2 * shared) / (a.size + b.size);
}
