import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadSettings } from "../../src/config/load";
import { addressKey } from "../../src/limits/address-key";
import { MemoryRateLimiter } from "../../src/limits/rate-limiter";

const at = (ms: number) => new Date(Date.UTC(2026, 10, 23) + ms);

describe("the in-memory rate limiter", () => {
  test("allows `limit` per sliding window and says when the next one fits", async () => {
    const limiter = new MemoryRateLimiter(3, 60_000);
    for (const ms of [0, 10_000, 20_000]) expect(await limiter.take("a", at(ms))).toEqual({ ok: true });
    expect(await limiter.take("a", at(30_000))).toEqual({ ok: false, retryAfterMs: 30_000 });
    // Other keys have their own window.
    expect(await limiter.take("b", at(30_000))).toEqual({ ok: true });
    // The oldest leaves the window at 60 s: one more fits, not three (no burst at a window's edge).
    expect(await limiter.take("a", at(60_000))).toEqual({ ok: true });
    expect(await limiter.take("a", at(60_001))).toEqual({ ok: false, retryAfterMs: 9_999 });
  });

  test("a refused take counts nothing, and giveBack un-counts a take", async () => {
    const limiter = new MemoryRateLimiter(1, 60_000);
    expect((await limiter.take("a", at(0))).ok).toBe(true);
    for (let i = 1; i < 5; i++) expect((await limiter.take("a", at(i))).ok).toBe(false);
    await limiter.giveBack("a", at(0));
    expect((await limiter.take("a", at(5))).ok).toBe(true);
  });

  test("forgets quiet keys when there are very many, and still counts the busy ones", async () => {
    const limiter = new MemoryRateLimiter(1, 1_000);
    const keys = () => (limiter as unknown as { times: Map<string, number[]> }).times.size;
    for (let i = 0; i < 15_000; i++) await limiter.take(`old-${i}`, at(0));
    expect((await limiter.take("busy", at(5_000))).ok).toBe(true);
    for (let i = 0; i < 10_000; i++) await limiter.take(`new-${i}`, at(5_000));
    expect(keys()).toBeLessThan(15_000);
    expect((await limiter.take("busy", at(5_001))).ok).toBe(false);
  });
});

describe("the key an address is limited under", () => {
  test("an IPv4 address is its own key; an IPv6 address counts as its /64", () => {
    expect(addressKey("203.0.113.9")).toBe("203.0.113.9");
    expect(addressKey("2001:db8:aa:bb::1")).toBe("2001:db8:aa:bb::/64");
    expect(addressKey("2001:0db8:00aa:00bb:1234:5678:9abc:def0")).toBe("2001:db8:aa:bb::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("64:ff9b::203.0.113.9")).toBe("64:ff9b:0:0::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey("unknown")).toBe("unknown");
  });
});

describe("limits.web in the deployment file", () => {
  const file = (content: string) => {
    const path = join(mkdtempSync(join(tmpdir(), "minqing-limits-")), "county.yaml");
    writeFileSync(path, content);
    return path;
  };

  test("merges over the defaults key by key", () => {
    const d = loadSettings({ MINQING_CONFIG: file("limits: { web: { newResidentsPerHourPerAddress: 200 } }\n") }).deployment;
    expect(d.limits.web.newResidentsPerHourPerAddress).toBe(200);
    expect(d.limits.web.streamsTotal).toBe(2000);
    expect(d.limits.messagesPerMinute).toBe(20);
  });

  test("a bad value is reported with its key", () => {
    let error: unknown;
    try {
      loadSettings({ MINQING_CONFIG: file("limits: { web: { streamsTotal: 0, urgentReserve: -1 } }\n") });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toContain("limits.web.streamsTotal");
    expect(problems).toContain("limits.web.urgentReserve");
  });
});
