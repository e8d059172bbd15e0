/** A community's names as the normaliser spells them: its own name, then its keywords (streets, estates). */
export interface CommunityNames {
  id: string;
  names: string[];
}

/**
 * The community a complaint names: the longest of all communities' names and keywords found in
 * the normalised text ("东街社区" over "东街", "锦绣华庭" for 新城社区). Null when none is named,
 * or when two communities are named equally well: then the resident is asked.
 */
export function findCommunity(text: string, communities: readonly CommunityNames[]): string | null {
  let best: { id: string; length: number } | null = null;
  let tie = false;
  for (const c of communities) {
    const length = Math.max(0, ...c.names.filter((n) => text.includes(n)).map((n) => n.length));
    if (length === 0) continue;
    if (!best || length > best.length) {
      best = { id: c.id, length };
      tie = false;
    } else if (length === best.length && best.id !== c.id) tie = true;
  }
  return best && !tie ? best.id : null;
}
