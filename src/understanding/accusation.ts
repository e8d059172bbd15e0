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

/** The words a report is read by (the deployment's `reports`, spelled as residents' words are). */
export interface AccusationWords {
  /** Misconduct (不作为, 索要, 推诿 …): a report when said of a department, its staff or a cadre. */
  misconduct: readonly string[];
  /** To report (举报, 检举 …): a report only when an official is named, not a department's business alone. */
  reporting: readonly string[];
  /** Who works for a department (工作人员, 队员, 民警 …), as in 城管队员 or 派出所的民警. */
  officials: readonly string[];
  /** What a resident says to report an official, naming no one yet (反映干部作风问题, 我要举报). */
  start: readonly string[];
}

/** Trailing punctuation a resident adds to a start word (举报！). */
const trailing = /[。，\s]+$/u;

/**
 * How far after a name its misconduct may be said (城管队员向摆摊的老人索要: 8), and how close after a
 * department's name its staff are named (派出所的民警: 1). Residents use 举报 and department names for
 * ordinary complaints too (举报有人乱停车，影响交通; 物业推诿，希望住建局处理): only words said of the
 * department or the official make a report, or the department's business would never reach it.
 */
const MISCONDUCT_WITHIN = 20;
const OFFICIAL_WITHIN = 3;

/**
 * Reads whether normalised words report a department or an official: a configured department's
 * name or alias, or a cadre's name, with misconduct said of it (城管不作为, 派出所对我的报案一直推诿,
 * 王建国吃拿卡要), or reported as an official (举报城管队员, 举报王建国). A department named wins over a
 * cadre's name that is not of it: a cadre's name can be a common word (高峰 in 早高峰), a department's
 * name rarely is. A resident who said they are reporting an official (`reporting`) needs neither.
 */
export class AccusationReader {
  constructor(
    private readonly names: readonly AccusableName[],
    private readonly words: AccusationWords,
  ) {}

  read(text: string, reporting: boolean): Accusation | null {
    const accused = reporting ? this.names : this.names.filter((n) => this.isAccused(text, n));
    const department = this.earliest(text, accused.filter((n) => n.cadreId === null));
    const cadre = this.earliest(text, accused.filter((n) => n.cadreId !== null && (department === null || n.departmentId === department.departmentId)));
    const named = department ?? cadre;
    return named ? { departmentId: named.departmentId, cadreId: cadre?.cadreId ?? null } : null;
  }

  /** Whether the words are only a way in (反映干部作风问题, 我要举报): the resident will say whom next. */
  isStart(text: string): boolean {
    const bare = text.replace(trailing, "");
    return bare !== "" && this.words.start.includes(bare);
  }

  /** Whether some mention of `n` has misconduct said of it, or names an official that the words report. */
  private isAccused(text: string, n: AccusableName): boolean {
    const { misconduct, reporting, officials } = this.words;
    for (let at = text.indexOf(n.name); at >= 0; at = text.indexOf(n.name, at + 1)) {
      const after = text.slice(at + n.name.length);
      if (misconduct.some((w) => after.slice(0, MISCONDUCT_WITHIN + w.length).includes(w))) return true;
      const official = n.cadreId !== null || officials.some((o) => after.slice(0, OFFICIAL_WITHIN + o.length).includes(o));
      if (official && [...reporting, ...misconduct].some((w) => text.includes(w))) return true;
    }
    return false;
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
