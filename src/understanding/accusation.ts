/** Who a report accuses (信访工作条例 Art. 30): a department, and one of its cadres if named. */
export interface Accusation {
  departmentId: string;
  cadreId: string | null;
}

/** A department's or a cadre's name as the normaliser spells it. */
export interface AccusableName {
  name: string;
  departmentId: string;
  /** Set for a cadre's name. */
  cadreId: string | null;
}

/** Trailing punctuation a resident adds to a start word (举报！). */
const trailing = /[。，\s]+$/u;

/**
 * Reads whether normalised words report a department or an official: an accusation word (举报,
 * 不作为, 索要 …) and a configured department's name or alias, or a cadre's name, in the same
 * appeal. A department named wins over a cadre's name that is not of it: a cadre's name can be a
 * common word (高峰 in 早高峰), a department's name rarely is. A resident who said they are
 * reporting an official (`reporting`) needs no accusation word.
 */
export class AccusationReader {
  constructor(
    private readonly names: readonly AccusableName[],
    private readonly words: readonly string[],
    private readonly startWords: readonly string[],
  ) {}

  read(text: string, reporting: boolean): Accusation | null {
    if (!reporting && !this.words.some((w) => text.includes(w))) return null;
    const department = this.earliest(text, this.names.filter((n) => n.cadreId === null));
    const cadre = this.earliest(text, this.names.filter((n) => n.cadreId !== null && (department === null || n.departmentId === department.departmentId)));
    const named = department ?? cadre;
    return named ? { departmentId: named.departmentId, cadreId: cadre?.cadreId ?? null } : null;
  }

  /** Whether the words are only a way in (反映干部作风问题, 我要举报): the resident will say whom next. */
  isStart(text: string): boolean {
    const bare = text.replace(trailing, "");
    return bare !== "" && this.startWords.includes(bare);
  }

  private earliest(text: string, names: readonly AccusableName[]): AccusableName | null {
    let best: { n: AccusableName; at: number } | null = null;
    for (const n of names) {
      const at = text.indexOf(n.name);
      if (at < 0) continue;
      if (!best || at < best.at || (at === best.at && n.name.length > best.n.name.length)) best = { n, at };
    }
    return best?.n ?? null;
  }
}
