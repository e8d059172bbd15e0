import { weightedKeywords, type Deployment } from "../src/config/schema";
import { Understanding } from "../src/understanding";

/**
 * Synthetic appeals that read like the real thing: a place in one of the deployment's
 * communities, a problem in words that name one of its categories, and how long it has lasted,
 * e.g. "西街社区菜市场门口的垃圾堆了三天没人清运，臭气熏天". Every text names its community and a
 * category keyword, so the intake dialogue goes straight from the text to the summary. Emergencies
 * (燃气泄漏 …) are filed on their first message, without the confirmation these benches time, so
 * there are none unless asked for (`urgentShare`). Seeded, so two runs file the same appeals.
 */

/** Problems per category id of the demo county; a category not listed here is described by its keywords. */
const problems: Record<string, string[]> = {
  city: [
    "的路灯坏了，晚上一片漆黑",
    "的垃圾堆了好几天没人清运，臭气熏天",
    "有流动摊贩占道经营，车都过不去",
    "的井盖丢了，很危险",
    "路面坑洼不平，下雨全是积水",
    "的下水道堵了，污水漫到路上",
    "有人违章搭建，挡住了消防通道",
    "的健身器材坏了没人修",
    "晚上广场舞噪音太大，影响休息",
    "的饭店油烟直排，熏得窗户都不敢开",
  ],
  housing: [
    "的电梯又坏了，老人上下楼很困难",
    "楼顶漏水，家里墙面全是霉斑",
    "物业不管楼道里堆放的杂物",
    "已经停水两天了，也没有通知",
    "的暖气不热，屋里只有十几度",
    "的楼道电线老化，经常跳闸",
    "的开发商迟迟不办房产证",
  ],
  gas: ["的燃气表走得特别快，怀疑有问题", "的天然气管道锈得厉害，担心出事", "的液化气站离居民楼太近"],
  labour: [
    "的工地拖欠我们三个月工资",
    "的公司不给交社保",
    "的老板拒绝签劳动合同",
    "的厂里加班费一直不发",
    "的养老保险转移手续办不下来",
  ],
  education: [
    "的孩子入学报名被拒，说学位不够",
    "的幼儿园乱收费",
    "的学校门口校车超载",
    "的老师在校外有偿补课",
  ],
  health: ["的卫生院看病排队太久", "的诊所无证行医", "的药店卖过期药", "的医院收费不透明"],
};

const places = ["3号楼前", "菜市场门口", "小学旁边", "十字路口", "2单元", "幸福巷", "老街口", "公交站附近", "5栋", "文化广场"];
const durations = ["", "，已经一个星期了", "，好几天了", "，反映过两次都没人管", "，希望尽快处理", "，请政府帮忙解决"];
const urgentTexts = ["楼道里闻到燃气泄漏的味道，很浓", "小区配电箱漏电冒烟了", "楼道里的电线着火了，有人受伤"];

export interface SyntheticAppeal {
  text: string;
  categoryId: string;
  communityId: string;
  urgent: boolean;
}

/** mulberry32: a small, fast, seeded generator. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class AppealGenerator {
  private readonly random: () => number;
  private readonly understanding: Understanding;

  constructor(
    private readonly deployment: Deployment,
    seed = 20261123,
    /** Share of urgent appeals. */
    private readonly urgentShare = 0,
  ) {
    this.random = seeded(seed);
    this.understanding = new Understanding(deployment);
  }

  private pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.random() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  /** An appeal whose category and community the intake's own reading finds, as a resident's usually are. */
  next(): SyntheticAppeal {
    for (;;) {
      const text = this.text();
      const { categoryId, communityId, emergency } = this.understanding.read(text);
      if (categoryId && communityId) return { text, categoryId, communityId, urgent: emergency !== null };
    }
  }

  private text(): string {
    const where = `${this.pick(this.deployment.communities).name}${this.pick(places)}`;
    if (this.random() < this.urgentShare) return `${where}${this.pick(urgentTexts)}，请马上派人来！`;
    const category = this.pick(this.deployment.categories.filter((c) => c.keywords.length > 0));
    const known = problems[category.id];
    const problem = known ? this.pick(known) : `的${this.pick(weightedKeywords(category).map((k) => k.word))}问题一直没有解决`;
    return `${where}${problem}${this.pick(durations)}`;
  }

  many(n: number): SyntheticAppeal[] {
    return Array.from({ length: n }, () => this.next());
  }
}
