import type { Deployment } from "../config/schema";
import type { Accusation } from "./accusation";
import type { Ranked } from "./classifier";
import { findCommunity, type CommunityNames } from "./community";
import { buildPipeline, type Pipeline } from "./pipeline";
import { Segmenter } from "./segmenter";
import { similarity } from "./similarity";
import type { EmergencyReading } from "./urgency";

/** What the intake makes of a resident's words before asking anything. */
export interface Reading {
  /** The text as normalised (half-width, Simplified, typos fixed): what repeats are compared on. */
  text: string;
  /** The category to file under; null: ask, offering `offered` first. */
  categoryId: string | null;
  /** How sure, 0–1: the chosen category's share of its probability and its closest rival's. */
  confidence: number;
  /** The likeliest categories to offer when asking (two or three); empty when the words said nothing known. */
  offered: string[];
  /** The words that decided, strongest first (for the cadres and the logs: why this department). */
  because: string[];
  communityId: string | null;
  /** An emergency happening now, or null. */
  emergency: EmergencyReading | null;
  /** The department (and cadre) the words report (举报, 不作为 … with its name): never theirs to handle (信访工作条例 Art. 30). */
  accusation: Accusation | null;
}

/** An open case as repeat appeals are compared with it. */
export interface CaseToCompare {
  /** The case the words go to if they are the same matter (a merged case's: its open lead). */
  number: string;
  text: string;
  categoryId: string;
  communityId: string | null;
}

/**
 * A resident saying who they are and how to reach them (我叫王小明，电话138…，身份证1101…): not
 * what the complaint is about, though 身份证 alone would be 治安户籍's word.
 */
const selfIntroduction = /(我叫|我是)[\p{Script=Han}]{1,4}|(电话|手机|联系方式|身份证|身份证号|证件号)(号码|号)?[:：，\s]*[0-9xX*\-\s]{6,}/gu;

/** Offered when asking: categories at least this likely, two at least, three at most. */
const offerAtLeast = 0.08;

/**
 * The text pipeline: normalise → segment (jieba with the county's words) → classify (Naive Bayes
 * over the configured keywords and example phrases, safety first) → find the community → decide
 * on urgency apart. Built once from the deployment (see `prepare`); reading is pure and synchronous.
 */
export class Understanding {
  /** Normaliser, segmenter, classifier and urgency rules: see `prepare`. */
  private built: Pipeline | undefined;
  private readonly askBelow: number;
  private readonly sameMatterAt: number;
  private readonly priorityOf: (categoryId: string) => number;
  private readonly departmentOf: (categoryId: string) => string | undefined;

  constructor(private readonly deployment: Deployment) {
    const u = deployment.understanding;
    this.askBelow = u.askBelow;
    this.sameMatterAt = u.sameMatter.similarity;
    const priorities = new Map(deployment.categories.map((c) => [c.id, c.priority]));
    this.priorityOf = (id) => priorities.get(id) ?? 0;
    const departments = new Map(deployment.departments.flatMap((d) => d.categories.map((c) => [c, d.id] as const)));
    this.departmentOf = (id) => departments.get(id);
  }

  /**
   * Builds the pipeline now rather than at the first words read. It is built on first use, so
   * that a process starts (and answers HTTP) without waiting for it, and one that never reads a
   * resident's words (an instance that only sends and reminds) never pays for it.
   */
  prepare(): void {
    void this.pipeline;
  }

  private get pipeline(): Pipeline {
    return (this.built ??= buildPipeline(this.deployment));
  }

  normalise(text: string): string {
    return this.pipeline.normaliser.normalise(text);
  }

  /** Whether the words report an emergency happening now (the web chat's limits let those through). */
  emergencyIn(text: string): EmergencyReading | null {
    return this.pipeline.urgency.read(this.normalise(text));
  }

  /**
   * The open case this reading is the same matter as (信访工作条例 第二十条), if any: the most
   * similar one (by the words they share, see `signatureOf`) at or above
   * `understanding.sameMatter.similarity`, of the same category or the same community, and not
   * in another community.
   */
  sameMatter<C extends CaseToCompare>(reading: Reading, cases: readonly C[]): C | null {
    return this.similar(reading, cases).sort((a, b) => b.score - a.score)[0]?.c ?? null;
  }

  /** Every one of these cases that reads as the same matter as `reading`, in their order. */
  casesOfSameMatter<C extends CaseToCompare>(reading: Reading, cases: readonly C[]): C[] {
    return this.similar(reading, cases).map((x) => x.c);
  }

  private similar<C extends CaseToCompare>(reading: Reading, cases: readonly C[]): { c: C; score: number }[] {
    const mine = this.signatureOf(reading.text);
    const category = reading.categoryId ?? reading.offered[0] ?? null;
    const out: { c: C; score: number }[] = [];
    for (const c of cases) {
      const related = c.categoryId === category || (reading.communityId !== null && c.communityId === reading.communityId);
      // Two communities named are two places, however alike the words (东街的路灯, 西街的路灯).
      const elsewhere = reading.communityId !== null && c.communityId !== null && c.communityId !== reading.communityId;
      if (!related || elsewhere) continue;
      const score = similarity(mine, this.signatureOf(this.normalise(c.text)));
      if (score >= this.sameMatterAt) out.push({ c, score });
    }
    return out;
  }

  /**
   * An emergency is never asked about. It goes where its kind goes (fire: 应急管理局) unless the
   * words clearly point elsewhere and that category is as high in safety priority (漏电了，有人触电:
   * 住建, whose building it is; 车库里的车烧起来了: 应急管理局, not the 物业's 住建).
   */
  private emergencyCategory(emergency: EmergencyReading, clear: Ranked | null, ranked: Ranked[]): string {
    const own = emergency.categoryId;
    if (own === null) return (clear ?? ranked[0]!).id;
    if (clear === null) return own;
    return this.priorityOf(clear.id) >= this.priorityOf(own) ? clear.id : own;
  }

  /**
   * What a complaint is about, as a set: the words the classifier knows (路灯, 电梯, 菜市场 …),
   * the community's names left out, since two complaints from one community share those whatever
   * they are about. Told again in other words (路灯又坏了 for 3号楼前的路灯坏了一个星期了), a
   * matter keeps these and loses the rest.
   */
  private signatureOf(normalised: string): Set<string> {
    const { classifier, segmenter, communities } = this.pipeline;
    return new Set(classifier.features(Segmenter.meaningful(segmenter.cut(withoutNames(normalised, communities)))));
  }

  /**
   * Whom the words report: with an accusation word and a department's or a cadre's name; with a
   * name alone when the resident said they are reporting an official (`reporting`).
   */
  accusationIn(raw: string, reporting: boolean): Accusation | null {
    return this.pipeline.accusations.read(this.normalise(raw), reporting);
  }

  /** Whether the words only say the resident wants to report an official (反映干部作风问题, 我要举报). */
  startsReport(raw: string): boolean {
    return this.pipeline.accusations.isStart(this.normalise(raw));
  }

  read(raw: string): Reading {
    const { normaliser, segmenter, classifier, urgency, communities, accusations } = this.pipeline;
    const text = normaliser.normalise(raw);
    const words = Segmenter.meaningful(segmenter.cut(text.replace(selfIntroduction, "，")));
    const { ranked, chosen, because } = classifier.classify(words);
    const emergency = urgency.read(text);
    const confidence = chosen ? sureness(chosen, ranked, this.departmentOf) : 0;
    const sure = chosen !== null && confidence >= this.askBelow;
    const categoryId = emergency ? this.emergencyCategory(emergency, sure ? chosen : null, ranked) : sure ? chosen.id : null;
    return {
      text,
      categoryId,
      confidence,
      offered: chosen ? offer(chosen, ranked) : [],
      because,
      communityId: findCommunity(text, communities),
      emergency,
      accusation: accusations.read(text, false),
    };
  }
}

/** The community's names, longest first, so "东街社区" goes before "东街" can leave "社区" behind. */
function withoutNames(text: string, communities: readonly CommunityNames[]): string {
  const names = communities.flatMap((c) => c.names).sort((a, b) => b.length - a.length);
  let out = text;
  for (const n of names) if (out.includes(n)) out = out.split(n).join("，");
  return out;
}

/**
 * How sure the reading is: the chosen category against its closest rival alone. The posterior
 * itself shrinks as a county adds categories (one keyword among sixteen categories is 0.45);
 * the contest that matters is with the runner-up. A rival the same department handles is no
 * contest (化妆品是假货: 食品药品 or 价格与消费, both 市场监管局's): asking would change nothing
 * about who answers, so the rival is the likeliest category of another department.
 */
function sureness(chosen: Ranked, ranked: Ranked[], departmentOf: (categoryId: string) => string | undefined): number {
  const own = departmentOf(chosen.id);
  const rival = ranked.find((r) => r.id !== chosen.id && (own === undefined || departmentOf(r.id) !== own));
  return rival ? chosen.p / (chosen.p + rival.p) : 1;
}

function offer(chosen: Ranked, ranked: Ranked[]): string[] {
  const rest = ranked.filter((r) => r.id !== chosen.id);
  return [chosen, ...rest.filter((r, i) => i === 0 || r.p >= offerAtLeast)].slice(0, 3).map((r) => r.id);
}
