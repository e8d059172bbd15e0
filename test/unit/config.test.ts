import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadSettings } from "../../src/config/load";

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

  test("a department without cadres is refused: its cases would have no owner", () => {
    const file = withFile("orphan.yaml", "cadres: []\n");
    expect(problemsOf({ MINQING_CONFIG: file }).join("\n")).toContain("has no cadre");
  });

  test("a missing deployment file is named", () => {
    expect(problemsOf({ MINQING_CONFIG: "/nonexistent/county.yaml" }).join("\n")).toContain("/nonexistent/county.yaml");
  });

  test("Telegram switches on with a token, webhook mode with a URL", () => {
    const s = loadSettings({ TELEGRAM_BOT_TOKEN: "123:abc", TELEGRAM_WEBHOOK_URL: "https://gov.example/tg/hook" });
    expect(s.telegram?.webhook?.path).toBe("/tg/hook");
    expect(s.telegram?.webhook?.secretToken).toMatch(/^[0-9a-f]{48}$/);
  });
});

describe("the example deployment file in the README", () => {
  test("is valid", () => {
    const d = loadSettings({ MINQING_CONFIG: join(__dirname, "..", "..", "examples", "county.yaml") }).deployment;
    expect(d.caseNumberPrefix).toBe("QS");
    expect(d.departments.find((x) => x.id === "cgj")?.groups.telegram).toBe("-1001234567890");
  });
});
