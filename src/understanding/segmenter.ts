import { readFileSync } from "node:fs";
import { Jieba } from "@node-rs/jieba";

/**
 * Words that say nothing about which department a complaint is for: pronouns, particles, the
 * politeness and filler residents wrap a complaint in. Chinese, not the county's: kept here.
 */
const stopWords = new Set(
  ("的 地 得 了 着 过 是 在 我 我们 俺 俺们 你 您 你们 他 她 它 他们 她们 咱 咱们 自己 都 也 还 就 很 太 挺 非常 特别 又 再 才 和 跟 与 及 或 " +
    "把 被 给 让 叫 对 向 往 从 到 这 那 这个 那个 这里 那里 这边 那边 这样 那样 这么 那么 有 一个 一下 一点 一些 个 些 吧 吗 呢 啊 呀 哦 嗯 么 嘛 啦 哈 " +
    "什么 怎么 怎么办 为什么 咋 啥 请 请问 你好 您好 谢谢 麻烦 希望 能 能不能 可以 要 想 说 人 家 我家 没 不 没有 好 已经 一直 现在 今天 昨天 " +
    "天天 每天 经常 老是 总是 里 上 下 等 问题 情况 事 事情 反映 一下子 又是 还是 但是 可是 而且 然后 所以 因为 如果 就是 只是 真的 实在 根本 完全 " +
    "快 尽快 马上 帮忙 处理 解决 管 不管 没人 没人管 政府 相关 部门 " +
    // Where and when it is, which every department's complaints share.
    "小区 楼上 里面 这边 那边 马路上 凌晨 早上 上午 中午 下午 晚上 白天 夜里 有人 还要 不了 好几天 好久 几天 半年 一年 多久 " +
    // How bad it is, which says nothing about whose it is.
    "危险 很危险 严重 厉害 受不了 很多 好多")
    .split(/\s+/),
);

/**
 * Words that make the word before them a place: 医院门口, 学校旁边, 工厂附近. What is wrong at a
 * hospital's gate (its streetlight, its manhole) is the street's, not the hospital's, so the
 * classifier weighs such a place less than the thing wrong (see Classifier). Not 里面 or 里: what
 * is inside a place (医院里面的厕所) is mostly that place's own business.
 */
const locatives = new Set(
  "门口 门前 大门口 大门前 旁边 旁 边上 附近 周边 周围 对面 隔壁 后面 后边 背后 前面 前边 外面 外边 楼下 下面 底下 跟前".split(/\s+/),
);

export function isLocative(word: string): boolean {
  return locatives.has(word);
}

/** Cuts normalised text into words with jieba, the county's own words (places, keywords) added to its dictionary. */
export class Segmenter {
  /**
   * The segmenters made so far, by their county words: jieba's dictionary costs about 40 MB of
   * native memory each, and one process may read words for several parts (the service and the
   * bench's appeal generator, the apps of a test file), all with the same words. A segmenter never
   * changes once made, so one is shared. Only the last few are kept (a test run makes many
   * deployments): one still in use lives on in its Understanding anyway.
   */
  private static readonly made = new Map<string, Segmenter>();
  private static readonly KEPT = 4;
  private readonly jieba: Jieba;

  /** The segmenter for these county words: made once per process. */
  static for(countyWords: readonly string[]): Segmenter {
    const words = [...new Set(countyWords)].filter((w) => w.length > 1 && !/\s/.test(w) && !/^[a-z0-9'-]+$/i.test(w));
    const key = words.join("\n");
    const known = Segmenter.made.get(key);
    if (known) return known;
    const made = new Segmenter(words);
    Segmenter.made.set(key, made);
    if (Segmenter.made.size > Segmenter.KEPT) Segmenter.made.delete(Segmenter.made.keys().next().value!);
    return made;
  }

  private constructor(words: readonly string[]) {
    this.jieba = Jieba.withDict(jiebaDictionary());
    // A high count keeps a county word whole ("东街社区", "打不着火") rather than cut in two. Not
    // English ones (filtered out by `for`): jieba keeps a run of letters whole by itself, and would cut "wallet" at "wall".
    if (words.length > 0) this.jieba.loadDict(Buffer.from(words.map((w) => `${w} 50000 n`).join("\n")));
    // Locatives whole too: jieba cuts 工厂大门前 as 工厂/大/门前, which leaves 工厂 no locative after it.
    this.jieba.loadDict(Buffer.from([...locatives].filter((w) => w.length > 1).map((w) => `${w} 50000 f`).join("\n")));
  }

  /** Every word and punctuation mark, in order (what the classifier's negation rule walks). */
  cut(text: string): string[] {
    return this.jieba.cut(text, true).map((w) => w.trim()).filter((w) => w !== "");
  }

  /**
   * The words that carry meaning (no stop words), where clauses end ("，", "。"), which a denial's
   * reach stops at, and a locative (门口, 旁边 …) right after a word kept, or after it and 的
   * (医院的门口), which makes that word a place. A locative after a word left out (我家门口) is
   * left out too: it would make a place of whatever word came before.
   */
  static meaningful(words: readonly string[]): string[] {
    const out: string[] = [];
    let afterKept = false;
    for (const w of words) {
      if (isLocative(w)) {
        if (afterKept) out.push(w);
        afterKept = false;
      } else if (isClauseEnd(w) || (/[\p{L}\p{N}]/u.test(w) && !stopWords.has(w))) {
        out.push(w);
        afterKept = !isClauseEnd(w);
      } else if (w !== "的") afterKept = false;
    }
    return out;
  }
}

export function isClauseEnd(word: string): boolean {
  return word === "，" || word === "。" || word === "\n";
}

/**
 * jieba's own dictionary, read for the one Jieba built from it and then let go. Its module
 * `@node-rs/jieba/dict` would keep it for good, with the IDF table (for keyword extraction, which
 * nothing here uses) read alongside: 11 MB of the process's memory for nothing.
 */
function jiebaDictionary(): Buffer {
  return readFileSync(require.resolve("@node-rs/jieba/dict.txt"));
}
