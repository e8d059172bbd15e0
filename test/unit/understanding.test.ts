import { loadSettings } from "../../src/config/load";
import { Understanding } from "../../src/understanding";

const deployment = loadSettings({}).deployment;
const understanding = new Understanding(deployment);
const read = (text: string) => understanding.read(text);
const departmentOf = (text: string) => {
  const id = read(text).categoryId;
  return id === null ? null : deployment.departments.find((d) => d.categories.includes(id))!.name;
};

describe("normalising what residents type", () => {
  test("full-width letters and digits become half-width, Latin lower case, Traditional becomes Simplified", () => {
    expect(understanding.normalise("ＫＴＶ唱到凌晨３点")).toBe("ktv唱到凌晨3点");
    expect(understanding.normalise("東街社區的路燈壞了")).toBe("东街社区的路灯坏了");
    // Taiwan's usage: 著火 is 着火.
    expect(understanding.normalise("樓下著火了")).toBe("楼下着火了");
  });

  test("punctuation and spacing are one spelling, the county's known typos corrected", () => {
    expect(understanding.normalise("电题坏了！！！  物叶不管，，")).toBe("电梯坏了。物业不管，");
    expect(understanding.normalise("天燃气费涨了")).toBe("天然气费涨了");
  });
});

// Sentences of eval/routing-corpus.txt's held-out fifth are not used here (but for the issue's own), so it stays unseen.
describe("routing the issue's complaints, with no question", () => {
  test.each([
    ["楼上卫生间往下滴水", "housing"],
    ["工地凌晨打桩太吵", "environment"],
    ["邻居楼顶私自加盖", "city"],
    ["外墙瓷砖掉下来", "housing"],
    ["東街社區的路燈壞了", "city"],
    ["药店卖过期药", "food_drug"],
    ["楼道里闻到燃气味", "gas"],
    ["我家燃气灶打不着火了", "gas"],
  ])("%s → %s", (text, category) => {
    expect(read(text).categoryId).toBe(category);
  });

  test("Traditional characters are understood, the community too", () => {
    expect(read("東街社區的路燈壞了")).toMatchObject({ categoryId: "city", communityId: "dongjie" });
  });

  test("gas before housing: a gas smell in the stairwell goes to gas safety, though 楼道 is housing's word", () => {
    const r = read("楼道里闻到燃气味");
    expect(r.categoryId).toBe("gas");
    expect(r.offered[0]).toBe("gas");
  });

  test("the new departments get their own complaints", () => {
    expect(departmentOf("药店卖过期药")).toBe("市场监督管理局");
    expect(departmentOf("居住证办了一个月还没拿到")).toBe("公安局");
    expect(departmentOf("低保申请交上去两个月没消息")).toBe("民政局");
    expect(departmentOf("公交车一个小时才来一趟")).toBe("交通运输局");
    expect(departmentOf("有人占用耕地盖房子")).toBe("自然资源和规划局");
    expect(departmentOf("化工厂半夜偷排废气")).toBe("生态环境局");
    expect(departmentOf("停水三天了也不通知")).toBe("水务局");
  });

  test("the reading says which words decided", () => {
    expect(read("东街社区3号楼前的路灯坏了一个星期了").because).toContain("路灯");
  });

  test("words denied are not what the problem is about (不是物业的问题)", () => {
    expect(read("不是燃气的问题，是暖气片一直不热").categoryId).toBe("housing");
  });

  test("a resident's name, phone and ID card say nothing about the problem", () => {
    expect(read("东街社区路灯坏了，我叫王小明，电话13812345678，身份证110101199003071234").categoryId).toBe("city");
  });

  test("a place named only to say where is not what the problem is about (村委会门口的路灯)", () => {
    expect(read("村委会门口的路灯").categoryId).toBe("city");
    // Where the place is the subject, it still decides.
    expect(read("村委会选举不公").categoryId).toBe("civil");
  });

  test.each([
    ["医院门口的路灯坏了", "city"],
    ["学校门口的井盖丢了", "city"],
    ["医院旁边的饭店油烟大", "environment"],
    ["幼儿园周边有人卖假药", "food_drug"],
  ])("a place named to say where counts less than the thing that is wrong: %s → %s", (text, category) => {
    const r = read(text);
    expect(r.categoryId).toBe(category);
    expect(r.because).not.toContain(text.slice(0, text.search(/门口|旁边|周边/)));
  });

  test("a place that is all the words name still decides (医院里面 is the hospital's own)", () => {
    expect(read("医院门口排队挂号要排两个小时").categoryId).toBe("health");
    expect(read("医院里面的厕所很脏").categoryId).toBe("health");
  });
});

describe("asking when unsure", () => {
  test("two departments' words in one message: asked, the two likeliest offered first", () => {
    const r = read("东街社区路灯坏了，而且我们小区的电梯也坏了好几天");
    expect(r.categoryId).toBeNull();
    expect(r.offered.slice(0, 2).sort()).toEqual(["city", "housing"]);
    expect(r.offered.length).toBeLessThanOrEqual(3);
  });

  test("two categories of one department are no reason to ask: the department answers either way", () => {
    // 化妆品 is 食品药品's, 假货 价格与消费's: both 市场监督管理局's.
    const r = read("化妆品是假货");
    expect(r.categoryId).toBe("food_drug");
    expect(r.offered.slice(0, 2)).toEqual(["food_drug", "market"]);
  });

  test("words that point nowhere offer nothing: the whole list is shown", () => {
    const r = read("我有个问题需要反映一下");
    expect(r.categoryId).toBeNull();
    expect(r.offered).toEqual([]);
  });
});

describe("urgency, decided apart from the category", () => {
  const emergency = (text: string) => read(text).emergency?.kind ?? null;

  test.each([
    ["三楼有人家里着火了", "fire"],
    ["樓下著火了，好多煙", "fire"],
    ["楼道里闻到燃气味", "gas"],
    ["厨房一股煤气味，是不是漏气了", "gas"],
    ["楼下有个老人晕倒了，叫不醒", "medical"],
    ["有人在撬我家门，现在人还在门外", "crime"],
    ["孩子在公园玩着玩着就找不到了", "crime"],
    ["有人被困在三楼下不来", "rescue"],
  ])("%s: an emergency (%s)", (text, kind) => {
    expect(emergency(text)).toBe(kind);
  });

  test.each([
    ["我家燃气灶打不着火了", "an exception phrase holds the word"],
    ["不是着火，是邻居在阳台上烧纸", "denied"],
    ["没有着火，就是消防报警器半夜一直响", "denied"],
    ["以前着过火的那个燃气灶，能不能免费换一个", "in the past"],
    ["以前燃气泄漏过一次，想问问能不能装个报警器", "in the past"],
    ["上个月在厂里干活受伤了，老板不给算工伤", "in the past"],
    ["有人在楼道里给电动车充电，很容易着火", "a worry"],
    ["楼道里堆满了杂物，有火灾隐患", "a hazard"],
    ["救命钱啊，干了一年的工资被老板卷走了", "a figure of speech"],
    ["新城开发区的工厂烟囱一直冒烟", "smoke, but no fire"],
  ])("%s: none (%s)", (text) => {
    expect(emergency(text)).toBeNull();
  });

  test("an emergency always has a category, even when the words alone would ask", () => {
    const r = read("后山塌方了，泥石流冲到路上，有车被埋了");
    expect(r.emergency?.kind).toBe("rescue");
    expect(r.categoryId).toBe("safety");
  });

  test("an emergency goes where its kind goes unless the words clearly say whose it is", () => {
    // A fire in the garage is the emergency services', not the 物业's.
    expect(read("南湖小区地下车库有辆车烧起来了").categoryId).toBe("safety");
    // The building's wiring is 住建's to fix, whoever is hurt.
    expect(read("东街社区3号楼漏电了，有人触电").categoryId).toBe("housing");
  });
});

describe("the same matter (信访工作条例 第二十条)", () => {
  const open = (text: string, categoryId: string, communityId: string | null) => ({ number: "MQ-20261123-0001", text, categoryId, communityId });

  test("the same streetlight told again, in other words, is the same matter", () => {
    const again = read("东街的路灯又坏了，还是没人修");
    expect(understanding.sameMatter(again, [open("东街社区3号楼前的路灯坏了一个星期了", "city", "dongjie")])?.number).toBe("MQ-20261123-0001");
  });

  test("another problem in the same community is not, though the community's name is shared", () => {
    expect(understanding.sameMatter(read("东街社区的垃圾没人清运"), [open("东街社区3号楼前的路灯坏了", "city", "dongjie")])).toBeNull();
  });

  test("the same words about another community are another matter", () => {
    expect(understanding.sameMatter(read("西街社区的路灯坏了好几天"), [open("东街社区的路灯坏了好几天", "city", "dongjie")])).toBeNull();
  });
});

describe("complaints written in English", () => {
  test.each([
    ["the streetlight on East Street is broken", "city", "dongjie"],
    ["The streetlights near my building have been out for a week", "city", null],
    ["My boss hasn't paid my wages for 3 months", "labour", null],
    ["The elevator in our building has been broken for days", "housing", null],
    ["the pharmacy in Hexi village sells expired medicine", "food_drug", "hexi"],
    ["someone stole my bike last night", "police", null],
  ])("%s → %s", (text, category, community) => {
    expect(read(text)).toMatchObject({ categoryId: category, communityId: community });
  });

  test.each([
    ["Please come quickly, the gas is leaking in our flat", "gas"],
    ["We can smell gas all over the corridor", "gas"],
    ["The shop downstairs caught fire", "fire"],
    ["Our street is flooded up to the knees", "flood"],
    ["A woman passed out in the supermarket", "medical"],
    ["Two men broke into the house next door right now", "crime"],
    ["A worker is trapped in the lift of building 5", "rescue"],
  ])("an emergency in English is one: %s → %s", (text, kind) => {
    expect(read(text).emergency?.kind).toBe(kind);
  });

  test.each([
    "There is no gas leak, but the gas bill doubled",
    "The fire extinguishers in our building are all expired",
    "Nobody got hurt, but the pothole damaged my car",
    "We used to smell gas in the basement, now it is fine",
    "I am afraid the wires could catch fire one day",
    "My manager fired me without paying my wages",
    "The river flooded years ago and the bank was never repaired",
  ])("not an emergency in English: %s", (text) => {
    expect(read(text).emergency).toBeNull();
  });

  test("a crime happening now goes to the police even when a school is named", () => {
    expect(read("Our son has been missing since he left the school at noon")).toMatchObject({ categoryId: "police", emergency: { kind: "crime" } });
  });

  test("an English word counts whole: a wallet is not a wall", () => {
    expect(read("someone stole my wallet on the bus")).toMatchObject({ because: expect.not.arrayContaining(["wall"]) });
    expect(read("someone stole my wallet").categoryId).toBe("police");
  });
});

describe("reports about a department or an official (信访工作条例 Art. 30)", () => {
  test.each([
    ["城管队员向摊贩索要好处费", { departmentId: "chengguan", cadreId: null }],
    ["城管隊員向攤販索要好處費", { departmentId: "chengguan", cadreId: null }],
    ["举报城市管理局的王建国吃拿卡要", { departmentId: "chengguan", cadreId: "wang" }],
    ["派出所对我的报案一直推诿", { departmentId: "gongan", cadreId: null }],
  ])("%s accuses %o", (text, accused) => {
    expect(read(text).accusation).toEqual(accused);
  });

  test("a department named without an accusation word, or an accusation naming none, is no report", () => {
    expect(read("东街社区占道经营很严重，希望城管来管一管").accusation).toBeNull();
    expect(read("我要举报有人占道经营").accusation).toBeNull();
  });

  test("举报 and a department's name are an ordinary complaint to that department unless misconduct is said of it or an official of it is reported", () => {
    // Residents 举报 what a department should deal with, and name it: it must reach that department.
    expect(read("举报有人在东街社区路边乱停车，影响交通").accusation).toBeNull();
    expect(read("我要举报楼下饭店油烟扰民，请环保部门来查一查").accusation).toBeNull();
    expect(read("小区物业推诿扯皮，希望住建局尽快处理").accusation).toBeNull();
    // Said of the department, or of its staff, it is a report.
    expect(read("举报城管队员打人").accusation).toEqual({ departmentId: "chengguan", cadreId: null });
    expect(read("交通局工作人员态度恶劣").accusation).toEqual({ departmentId: "jiaotong", cadreId: null });
    expect(read("住建局对我们小区的问题一直推诿").accusation).toEqual({ departmentId: "zhujian", cadreId: null });
    expect(read("举报王建国").accusation).toEqual({ departmentId: "chengguan", cadreId: "wang" });
  });

  test("after the way in (反映干部作风问题, 举报), a name alone will do", () => {
    expect(understanding.startsReport("反映干部作风问题")).toBe(true);
    expect(understanding.startsReport("反映幹部作風問題")).toBe(true);
    expect(understanding.startsReport("举报！")).toBe(true);
    expect(understanding.startsReport("举报城管")).toBe(false);
    expect(understanding.accusationIn("王建国处理问题推三阻四", true)).toEqual({ departmentId: "chengguan", cadreId: "wang" });
    expect(understanding.accusationIn("王建国处理问题推三阻四", false)).toBeNull();
  });
});
