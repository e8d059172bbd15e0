import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword } from "../../src/auth/passwords";
import { ConfigError, loadSettings } from "../../src/config/load";
import { Directory } from "../../src/config/directory";
import { route } from "../../src/routing/assign";

function withFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), "minqing-config-"));
  writeFileSync(join(dir, name), content);
  return join(dir, name);
}

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadSettings(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("configuration", () => {
  test("with nothing set, the demo county runs on the embedded database, port 3000", () => {
    const s = loadSettings({});
    expect(s.database.kind).toBe("embedded");
    expect(s.port).toBe(3000);
    expect(s.telegram).toBeUndefined();
    expect(s.deployment.departments.length).toBeGreaterThanOrEqual(5);
  });

  test("the outbox lease is 60 s unless MINQING_OUTBOX_LEASE_SECONDS says otherwise", () => {
    expect(loadSettings({}).outboxLeaseMs).toBeUndefined();
    expect(loadSettings({ MINQING_OUTBOX_LEASE_SECONDS: "90" }).outboxLeaseMs).toBe(90_000);
    expect(problemsOf({ MINQING_OUTBOX_LEASE_SECONDS: "0" })).toEqual([expect.stringMatching(/^MINQING_OUTBOX_LEASE_SECONDS: /)]);
  });

  test("a cadre's session goes idle after 2 hours unless MINQING_SESSION_IDLE_MINUTES says otherwise, never past the 12 hours every session ends at", () => {
    expect(loadSettings({}).sessionIdleMs).toBeUndefined();
    expect(loadSettings({ MINQING_SESSION_IDLE_MINUTES: "30" }).sessionIdleMs).toBe(30 * 60_000);
    for (const bad of ["0", "721", "1.5"]) expect(problemsOf({ MINQING_SESSION_IDLE_MINUTES: bad })).toEqual([expect.stringMatching(/^MINQING_SESSION_IDLE_MINUTES: /)]);
  });

  test("the outbox's dead-letter bounds are the defaults unless MINQING_OUTBOX_MAX_ATTEMPTS / _MAX_AGE_HOURS say otherwise", () => {
    const plain = loadSettings({});
    expect([plain.outboxMaxAttempts, plain.outboxMaxAgeMs]).toEqual([undefined, undefined]);
    const set = loadSettings({ MINQING_OUTBOX_MAX_ATTEMPTS: "5", MINQING_OUTBOX_MAX_AGE_HOURS: "1.5" });
    expect([set.outboxMaxAttempts, set.outboxMaxAgeMs]).toEqual([5, 5_400_000]);
    expect(problemsOf({ MINQING_OUTBOX_MAX_ATTEMPTS: "many", MINQING_OUTBOX_MAX_AGE_HOURS: "0" })).toEqual([
      expect.stringMatching(/^MINQING_OUTBOX_MAX_ATTEMPTS: /),
      expect.stringMatching(/^MINQING_OUTBOX_MAX_AGE_HOURS: /),
    ]);
  });

  test("the web chat keeps 200 messages a chat for 180 days unless MINQING_WEB_HISTORY_PER_CHAT / _DAYS say otherwise", () => {
    const plain = loadSettings({});
    expect([plain.webHistoryPerChat, plain.webHistoryMaxAgeMs]).toEqual([undefined, undefined]);
    const set = loadSettings({ MINQING_WEB_HISTORY_PER_CHAT: "500", MINQING_WEB_HISTORY_DAYS: "30" });
    expect([set.webHistoryPerChat, set.webHistoryMaxAgeMs]).toEqual([500, 30 * 86_400_000]);
    expect(problemsOf({ MINQING_WEB_HISTORY_PER_CHAT: "0", MINQING_WEB_HISTORY_DAYS: "half a year" })).toEqual([
      expect.stringMatching(/^MINQING_WEB_HISTORY_PER_CHAT: /),
      expect.stringMatching(/^MINQING_WEB_HISTORY_DAYS: /),
    ]);
  });

  test("a photo uploaded and never sent is kept 24 hours unless MINQING_WEB_UNSENT_PHOTO_HOURS says otherwise", () => {
    expect(loadSettings({}).webUnsentPhotoMaxAgeMs).toBeUndefined();
    expect(loadSettings({ MINQING_WEB_UNSENT_PHOTO_HOURS: "6" }).webUnsentPhotoMaxAgeMs).toBe(6 * 3_600_000);
    expect(problemsOf({ MINQING_WEB_UNSENT_PHOTO_HOURS: "0" })).toEqual([expect.stringMatching(/^MINQING_WEB_UNSENT_PHOTO_HOURS: /)]);
  });

  test("a deployment file replaces lists and merges objects", () => {
    const file = withFile(
      "county.yaml",
      [
        "name: 清水县",
        "reminders: { dailyDigest: '08:30' }",
        "categories: [{ id: roads, name: 道路, keywords: [路] }]",
        "communities: []",
        "departments: [{ id: jt, name: 交通局, categories: [roads], groups: { telegram: -100123 } }]",
        "cadres: [{ id: a, name: 甲, department: jt, role: handler, accounts: { telegram: 42 } }]",
      ].join("\n"),
    );
    const d = loadSettings({ MINQING_CONFIG: file }).deployment;
    expect(d.name).toBe("清水县");
    expect(d.reminders.dailyDigest).toBe("08:30");
    expect(d.reminders.weeklyDigest.time).toBe("09:00");
    expect(d.departments.map((x) => x.id)).toEqual(["jt"]);
    expect(d.departments[0]!.groups.telegram).toBe("-100123");
    expect(d.cadres[0]!.accounts.telegram).toBe("42");
  });

  test("a cadre is active unless marked active: false; routing skips one who is not", () => {
    const file = withFile(
      "leave.yaml",
      [
        "categories: [{ id: roads, name: 道路, keywords: [路] }]",
        "communities: [{ id: east, name: 东街 }]",
        "departments: [{ id: jt, name: 交通局, categories: [roads] }]",
        "cadres: [{ id: a, name: 甲, department: jt, role: handler, communities: [east], accounts: {}, active: false }, { id: b, name: 乙, department: jt, role: handler, accounts: {} }]",
      ].join("\n"),
    );
    const d = loadSettings({ MINQING_CONFIG: file }).deployment;
    expect(d.cadres.map((c) => [c.id, c.active])).toEqual([["a", false], ["b", true]]);
    const directory = new Directory(d);
    expect(route(directory, "roads", "east")).toEqual({ departmentId: "jt", cadreId: "b" });
    expect(directory.isCadreOf("jt", "a")).toBe(false);
    expect(directory.findCadre("a")?.name).toBe("甲");
  });

  test("every mistake is reported with its key and what was expected", () => {
    const file = withFile(
      "bad.json",
      JSON.stringify({
        timeLimits: { urgent: { accept: "soon" } },
        cadres: [{ id: "x", name: "乙", department: "nowhere", role: "boss", accounts: {} }],
      }),
    );
    const problems = problemsOf({ MINQING_CONFIG: file, PORT: "eighty", TELEGRAM_BOT_TOKEN: "nope" });
    const text = problems.join("\n");
    expect(text).toContain("PORT");
    expect(text).toContain("TELEGRAM_BOT_TOKEN");
    expect(text).toMatch(/timeLimits\.urgent\.accept: a time limit/);
    expect(text).toMatch(/cadres\.0\.role/);
  });

  test("the State Council's holiday schedule is on unless the county switches it off; its own days add to it", () => {
    expect(loadSettings({}).deployment.calendar.nationalSchedule).toBe(true);
    const own = loadSettings({ MINQING_CONFIG: withFile("own.yaml", "calendar: { holidays: [2026-03-03] }\n") }).deployment.calendar;
    expect(own).toMatchObject({ nationalSchedule: true, holidays: ["2026-03-03"], weekend: [0, 6] });
    const off = loadSettings({ MINQING_CONFIG: withFile("off.yaml", "calendar: { nationalSchedule: false }\n") }).deployment.calendar;
    expect(off.nationalSchedule).toBe(false);
  });

  test("a day the county lists as both a holiday and a working day is refused, naming it", () => {
    const file = withFile("both.yaml", "calendar: { holidays: [2026-03-03], workdays: [2026-03-03] }\n");
    expect(problemsOf({ MINQING_CONFIG: file })).toEqual([expect.stringMatching(/calendar\.workdays: 2026-03-03 is in both holidays and workdays/)]);
  });

  describe("who reviews whom (复查 / 复核)", () => {
    const reviewed = (departments: string) =>
      problemsOf({ MINQING_CONFIG: withFile("review.yaml", [
        "categories: [{ id: roads, name: 道路, keywords: [路] }]",
        "communities: []",
        `departments: ${departments}`,
        "cadres: [{ id: a, name: 甲, department: jt, role: handler, accounts: {} }, { id: b, name: 乙, department: xf, role: handler, accounts: {} }]",
      ].join("\n")) }).join("\n");

    test("the demo county: every department reviewed by the 信访局, the 信访局 by the county government, which has none above it here", () => {
      const d = loadSettings({}).deployment;
      const directory = new Directory(d);
      for (const department of d.departments.filter((x) => !["xinfang", "xianfu"].includes(x.id))) expect(directory.reviewerOf(department.id)).toBe("xinfang");
      expect(directory.reviewerOf("xinfang")).toBe("xianfu");
      expect(directory.reviewerOf("xianfu")).toBeNull();
      expect([d.timeLimits.review, d.timeLimits.reviewWindow]).toEqual(["30d", "30d"]);
    });

    test("reviewBy names another department; reviewBody the one for those that name none", () => {
      expect(reviewed("[{ id: jt, name: 交通局, categories: [roads], reviewBy: xf }, { id: xf, name: 信访局, categories: [], reviewBy: null }]")).toBe("");
      expect(reviewed("[{ id: jt, name: 交通局, categories: [roads], reviewBy: xfj }, { id: xf, name: 信访局, categories: [] }]")).toMatch(/departments\.0\.reviewBy: unknown department "xfj"; expected one of jt, xf/);
      expect(reviewed("[{ id: jt, name: 交通局, categories: [roads], reviewBy: jt }, { id: xf, name: 信访局, categories: [] }]")).toMatch(/departments\.0\.reviewBy: department "jt" cannot review its own answers/);
      expect(problemsOf({ MINQING_CONFIG: withFile("body.yaml", "reviewBody: nowhere\n") }).join("\n")).toMatch(/reviewBody: unknown department "nowhere"/);
    });

    test("a re-review that would go back to the department that answered is refused", () => {
      expect(reviewed("[{ id: jt, name: 交通局, categories: [roads], reviewBy: xf }, { id: xf, name: 信访局, categories: [], reviewBy: jt }]")).toMatch(/re-review \(复核\) of "jt"'s cases would go back to "jt"/);
    });

    test("a review and a re-review are answered within 30 days at most (信访工作条例 Art. 35–36)", () => {
      const text = problemsOf({ MINQING_CONFIG: withFile("slow.yaml", "timeLimits: { review: 31d, reReview: 45d }\n") }).join("\n");
      expect(text).toMatch(/timeLimits\.review: "31d" exceeds the legal limit of 30 days/);
      expect(text).toMatch(/timeLimits\.reReview: "45d" exceeds the legal limit of 30 days/);
    });
  });

  test("a department without cadres is refused: its cases would have no owner", () => {
    const file = withFile("orphan.yaml", "cadres: []\n");
    expect(problemsOf({ MINQING_CONFIG: file }).join("\n")).toContain("has no cadre");
  });

  test("a department whose cadres are all marked active: false is refused as well", () => {
    const file = withFile(
      "gone.yaml",
      [
        "categories: [{ id: roads, name: 道路, keywords: [路] }]",
        "communities: []",
        "departments: [{ id: jt, name: 交通局, categories: [roads] }]",
        "cadres: [{ id: a, name: 甲, department: jt, role: handler, accounts: {}, active: false }]",
      ].join("\n"),
    );
    expect(problemsOf({ MINQING_CONFIG: file })).toEqual([expect.stringMatching(/departments\.0: department "jt" has no active cadre .*its cases would have no owner/)]);
  });

  test("a missing deployment file is named", () => {
    expect(problemsOf({ MINQING_CONFIG: "/nonexistent/county.yaml" }).join("\n")).toContain("/nonexistent/county.yaml");
  });

  test("API keys, hashed passwords and sign-in names are checked, each mistake named", () => {
    const shapes = withFile(
      "keys.json",
      JSON.stringify({
        apiKeys: [
          { id: "hotline", name: "12345", key: "short" },
          { id: "portal", name: "开放平台", key: "a-long-enough-key-0123456789", scopes: ["write"] },
        ],
      }),
    );
    const shapeProblems = problemsOf({ MINQING_CONFIG: shapes, MINQING_PUBLIC_URL: "ftp://x" }).join("\n");
    expect(shapeProblems).toMatch(/apiKeys\.0\.key: 24 to 128 characters/);
    expect(shapeProblems).toMatch(/apiKeys\.1\.scopes\.0/);
    expect(shapeProblems).toContain("MINQING_PUBLIC_URL");

    // Checks across entries run once every entry has the right shape.
    const cadre = (id: string, department: string, extra = {}) => ({ id, name: id, department, role: "handler", accounts: {}, ...extra });
    const clashes = withFile(
      "clashes.json",
      JSON.stringify({
        apiKeys: [
          { id: "portal", name: "开放平台", key: "a-long-enough-key-0123456789" },
          { id: "portal", name: "again", key: "a-long-enough-key-0123456789" },
        ],
        cadres: [
          cadre("wang", "chengguan", { accounts: { web: "li" }, webPassword: "scrypt$broken" }),
          cadre("li", "zhujian"),
          ...["renshe", "jiaoyu", "weijian", "xinfang"].map((d) => cadre(`c-${d}`, d)),
        ],
      }),
    );
    const clashProblems = problemsOf({ MINQING_CONFIG: clashes }).join("\n");
    expect(clashProblems).toMatch(/apiKeys\.1\.key: the same key as another client/);
    expect(clashProblems).toMatch(/apiKeys\.1\.id: duplicate id "portal"/);
    expect(clashProblems).toMatch(/cadres\.0\.webPassword: looks like a hash/);
    expect(clashProblems).toMatch(/cadres\.1: signs in as "li", as cadre "wang" does/);
  });

  test("the public address for sign-in links defaults to this port on localhost", () => {
    expect(loadSettings({ PORT: "8080" }).publicUrl).toBe("http://localhost:8080");
    expect(loadSettings({ MINQING_PUBLIC_URL: "https://minqing.example.gov.cn/" }).publicUrl).toBe("https://minqing.example.gov.cn");
  });

  test("Telegram switches on with a token, webhook mode with a URL", () => {
    const s = loadSettings({ TELEGRAM_BOT_TOKEN: "123:abc", TELEGRAM_WEBHOOK_URL: "https://gov.example/tg/hook" });
    expect(s.telegram?.webhook?.path).toBe("/tg/hook");
    expect(s.telegram?.webhook?.secretToken).toMatch(/^[0-9a-f]{48}$/);
  });
});

describe("WeChat settings", () => {
  test("WeChat switches on with a puppet's name, with paced sending and friend requests accepted by default", () => {
    expect(loadSettings({}).wechat).toBeUndefined();
    const w = loadSettings({ WECHATY_PUPPET: "wechaty-puppet-wechat4u", MINQING_DATA_DIR: "/var/lib/minqing" }).wechat;
    expect(w).toEqual({
      puppet: "wechaty-puppet-wechat4u",
      token: undefined,
      sessionFile: "/var/lib/minqing/wechat",
      roomsFile: "/var/lib/minqing/wechat-rooms.json",
      inboundJournalFile: "/var/lib/minqing/wechat-inbound.jsonl",
      acceptFriends: true,
      pacing: { perMinute: 20, delayMs: { min: 1000, max: 3000 } },
    });
    const tuned = loadSettings({ WECHATY_PUPPET: "wechaty-puppet-wechat4u", WECHAT_SEND_PER_MINUTE: "8", WECHAT_SEND_DELAY_MS: "2500", WECHAT_ACCEPT_FRIENDS: "false" }).wechat;
    expect(tuned?.pacing).toEqual({ perMinute: 8, delayMs: { min: 2500, max: 2500 } });
    expect(tuned?.acceptFriends).toBe(false);
  });

  test("mistakes name the variable and say what to do", () => {
    expect(problemsOf({ WECHATY_PUPPET: "padlocal" }).join("\n")).toContain("WECHATY_PUPPET: a puppet's npm name");
    expect(problemsOf({ WECHATY_PUPPET: "wechaty-puppet-padlocal" })).toEqual([
      "WECHATY_PUPPET: wechaty-puppet-padlocal is not installed; install it with: npm install wechaty-puppet-padlocal",
    ]);
    expect(problemsOf({ WECHATY_PUPPET: "wechaty-puppet-service" }).join("\n")).toContain("WECHATY_PUPPET_SERVICE_TOKEN: required by wechaty-puppet-service");
    expect(loadSettings({ WECHATY_PUPPET: "wechaty-puppet-service", WECHATY_PUPPET_SERVICE_TOKEN: "puppet_xyz" }).wechat?.token).toBe("puppet_xyz");
    const text = problemsOf({ WECHATY_PUPPET: "wechaty-puppet-wechat4u", WECHAT_SEND_DELAY_MS: "3000-1000", WECHAT_SEND_PER_MINUTE: "500", WECHAT_ACCEPT_FRIENDS: "yes" }).join("\n");
    expect(text).toContain("WECHAT_SEND_DELAY_MS: a range from low to high");
    expect(text).toContain("WECHAT_SEND_PER_MINUTE");
    expect(text).toContain("WECHAT_ACCEPT_FRIENDS");
  });

  test("operators' chats are checked like a department's groups", () => {
    const file = withFile("ops.yaml", "operatorChats: { telegram: -100777, wechat: 运维群, sms: 110 }\n");
    expect(problemsOf({ MINQING_CONFIG: file }).join("\n")).toMatch(/operatorChats: Unrecognized key.*sms/);
    const ok = withFile("ops-ok.yaml", "operatorChats: { telegram: -100777 }\n");
    expect(loadSettings({ MINQING_CONFIG: ok }).deployment.operatorChats).toEqual({ telegram: "-100777" });
  });
});

describe("the example deployment file in the README", () => {
  test("is valid", () => {
    const d = loadSettings({ MINQING_CONFIG: join(__dirname, "..", "..", "examples", "county.yaml") }).deployment;
    expect(d.caseNumberPrefix).toBe("QS");
    expect(d.departments.find((x) => x.id === "cgj")?.groups.telegram).toBe("-1001234567890");
    expect(d.departments.find((x) => x.id === "cgj")?.groups.wechat).toBe("城管局诉求办理群");
    expect(d.operatorChats).toEqual({ telegram: "-1001234567899" });
  });
});

describe("in production (NODE_ENV=production) the service refuses what is unsafe", () => {
  const example = join(__dirname, "..", "..", "examples", "county.yaml");
  const exampleText = readFileSync(example, "utf8");
  const production = (config?: string, more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    NODE_ENV: "production",
    DATABASE_URL: "postgres://minqing:secret@db.internal:5432/minqing",
    TELEGRAM_BOT_TOKEN: "123456:ABC-DEF",
    ...(config === undefined ? {} : { MINQING_CONFIG: config }),
    ...more,
  });
  let hash: string;
  beforeAll(async () => {
    hash = await hashPassword("a long passphrase for wang");
  });
  /** The example with its two placeholders replaced the way the file says. */
  const adjustedExample = () =>
    withFile(
      "county.yaml",
      exampleText
        .replace("webPassword: change-me", `webPassword: "${hash}"`)
        .replace("change-me-to-a-random-key-0123456789", randomBytes(32).toString("base64url"))
        .replace("change-me-to-another-random-key-98765", randomBytes(32).toString("base64url")),
    );

  test("no deployment file (the demo county, password demo) and the embedded database are refused, naming both ways out", () => {
    const problems = problemsOf({ NODE_ENV: "production" });
    expect(problems).toEqual([
      expect.stringMatching(/^MINQING_CONFIG: not set, .*"demo".*point MINQING_CONFIG at your deployment file/),
      expect.stringMatching(/^DATABASE_URL: not set, .*set DATABASE_URL=postgres:\/\/.*or MINQING_EMBEDDED_IN_PRODUCTION=true/),
    ]);
    const embeddedOnPurpose = loadSettings(production(adjustedExample(), { DATABASE_URL: undefined, MINQING_EMBEDDED_IN_PRODUCTION: "true" }));
    expect(embeddedOnPurpose.database.kind).toBe("embedded");
  });

  test("the example as shipped is refused with exactly its placeholders, each named with what to do", () => {
    expect(problemsOf(production(example))).toEqual([
      expect.stringMatching(/cadres\.0\.webPassword: cadre "wangjg" has a plain-text password; .*npm run hash-password/),
      expect.stringMatching(/apiKeys\.0\.key: the key of "hotline-12345" is the example's placeholder .*openssl rand/),
      expect.stringMatching(/apiKeys\.1\.key: the key of "open-data" is the example's placeholder .*openssl rand/),
    ]);
    // The placeholder password never reaches the console.
    expect(problemsOf(production(example)).join("\n")).not.toMatch(/: change-me\b/);
  });

  test("the example with hashed passwords and real keys starts, warning of its WeChat group while WeChat is off", () => {
    const s = loadSettings(production(adjustedExample()));
    expect(s.database.kind).toBe("postgres");
    expect(s.deployment.supervisorsGroup).toEqual({ telegram: "-1001234567899" });
    expect(s.warnings).toEqual([expect.stringMatching(/departments\.0\.groups: department "cgj" has a group on wechat, which is off: .*WECHATY_PUPPET/)]);
  });

  test("each unsafe setting is refused with its key, all at once", () => {
    const file = withFile(
      "unsafe.json",
      JSON.stringify({
        departments: [
          // Every category of the demo county, so that no other problem hides the ones under test.
          { id: "chengguan", name: "城市管理局", categories: loadSettings({}).deployment.categories.map((c) => c.id), groups: { web: "g-cg" } },
          { id: "zhujian", name: "住建局", categories: [], groups: { wechat: "住建群" } },
          { id: "renshe", name: "人社局", categories: [], groups: {} },
        ],
        cadres: [
          { id: "wang", name: "王", department: "chengguan", role: "handler", accounts: { web: "wang" }, webPassword: "hunter22" },
          { id: "li", name: "李", department: "zhujian", role: "handler", accounts: {}, webPassword: "will-be-replaced" },
          { id: "zhang", name: "张", department: "renshe", role: "supervisor", accounts: {} },
        ],
        apiKeys: [
          { id: "short", name: "短", key: "abcdefghijklmnopqrstuvwxyz" },
          { id: "placeholder", name: "占位", key: "CHANGE-ME-please-0123456789abcdefghij" },
          { id: "good", name: "好", key: randomBytes(32).toString("base64url") },
        ],
      }).replace("will-be-replaced", hash),
    );
    const problems = problemsOf(production(file, { TELEGRAM_BOT_TOKEN: undefined })).join("\n");
    expect(problems).toMatch(/unsafe\.json: cadres\.0\.webPassword: cadre "wang" has a plain-text password/);
    expect(problems).not.toContain("cadres.1.webPassword");
    expect(problems).not.toContain("hunter22");
    expect(problems).toMatch(/apiKeys\.0\.key: the key of "short" has 26 characters, fewer than the 32/);
    expect(problems).toMatch(/apiKeys\.1\.key: the key of "placeholder" is the example's placeholder/);
    expect(problems).not.toContain("apiKeys.2");
    expect(problems).toMatch(/departments\.1\.groups: department "zhujian" has groups only on wechat, which is off, .*set WECHATY_PUPPET \(wechat\), or bind a group on a channel that is on/);
    expect(problems).toMatch(/departments\.2\.groups: department "renshe" has no group chat/);
    expect(problems).not.toContain("departments.0");
    // Not set in the file: the demo's g-supervisors would stay the supervisors' group.
    expect(problems).toMatch(/supervisorsGroup\.web: "g-supervisors" is the demo county's supervisors' group; set supervisorsGroup/);
  });

  test("a group on a channel that is on is enough; Telegram counts as on with its token", () => {
    const file = withFile("tg.yaml", exampleText.replace(/webPassword: change-me/, "").replace(/change-me-to-a-random-key-0123456789/, "x".repeat(40)).replace(/change-me-to-another-random-key-98765/, "y".repeat(40)));
    expect(problemsOf(production(file))).toEqual([]);
    // Without the token, three departments have groups only on Telegram.
    expect(problemsOf(production(file, { TELEGRAM_BOT_TOKEN: undefined })).filter((p) => p.includes("only on telegram"))).toHaveLength(3);
  });

  test("in development (no NODE_ENV) the demo county still starts, and the example only warns", () => {
    const demo = loadSettings({});
    expect(demo.deployment.cadres.some((c) => c.webPassword === "demo")).toBe(true);
    expect(demo.warnings).toEqual([]);
    const s = loadSettings({ MINQING_CONFIG: example });
    expect(s.warnings?.filter((w) => w.includes("only on telegram"))).toHaveLength(3);
  });

  test("supervisorsGroup in a deployment file replaces the demo's instead of merging with it", () => {
    const file = withFile("sup.yaml", "supervisorsGroup: { wechat: 督办群 }\n");
    expect(loadSettings({ MINQING_CONFIG: file }).deployment.supervisorsGroup).toEqual({ wechat: "督办群" });
  });
  describe("roles per instance (MINQING_CHANNELS, MINQING_JOBS)", () => {
    const token = { TELEGRAM_BOT_TOKEN: "123456:ABC-DEF" };

    test("by default an instance runs every configured channel (web always) and every job", () => {
      expect(loadSettings({}).roles).toEqual({ channels: ["web"], jobs: ["reminders", "outbox"] });
      expect(loadSettings(token).roles).toEqual({ channels: ["web", "telegram"], jobs: ["reminders", "outbox"] });
    });

    test("an operator picks a subset of channels and jobs, or no jobs at all", () => {
      expect(loadSettings({ ...token, MINQING_CHANNELS: " telegram ", MINQING_JOBS: "outbox" }).roles).toEqual({ channels: ["telegram"], jobs: ["outbox"] });
      expect(loadSettings({ ...token, MINQING_CHANNELS: "web", MINQING_JOBS: "none" }).roles).toEqual({ channels: ["web"], jobs: [] });
    });

    test("unknown names, repeats, an empty list and a channel without its settings are refused at once, each with its key", () => {
      const problems = problemsOf({ MINQING_CHANNELS: "web,fax", MINQING_JOBS: "outbox,outbox" });
      expect(problems).toEqual([expect.stringMatching(/^MINQING_CHANNELS.*web, telegram, wechat/), expect.stringMatching(/^MINQING_JOBS: each name once/)]);
      expect(problemsOf({ MINQING_CHANNELS: "" })).toEqual([expect.stringMatching(/^MINQING_CHANNELS: /)]);
      expect(problemsOf({ MINQING_JOBS: "cron" })).toEqual([expect.stringMatching(/^MINQING_JOBS.*reminders, outbox/)]);
      expect(problemsOf({ MINQING_CHANNELS: "web,telegram,wechat" })).toEqual([
        expect.stringMatching(/^MINQING_CHANNELS: names telegram, but TELEGRAM_BOT_TOKEN is not set; set TELEGRAM_BOT_TOKEN/),
        expect.stringMatching(/^MINQING_CHANNELS: names wechat, but WECHATY_PUPPET is not set; set WECHATY_PUPPET/),
      ]);
    });
  });
});
