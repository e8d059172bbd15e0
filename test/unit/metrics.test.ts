import type { DataSource } from "typeorm";
import { Metrics } from "../../src/metrics/metrics";

/** The cases-by-state gauge counts the cases table at most once a minute, however often it is scraped. */
describe("the cases-by-state gauge", () => {
  let now = Date.parse("2026-11-23T08:00:00Z");
  const clock = { now: () => new Date(now) };
  let counts = 0;
  let submitted = 3;
  let failNext = false;
  const dataSource = {
    query: async (sql: string) => {
      if (!sql.includes("FROM cases")) return [];
      counts++;
      if (failNext) {
        failNext = false;
        throw new Error("the database went away");
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
      return [{ state: "submitted", n: String(submitted) }];
    },
  } as unknown as DataSource;
  const metrics = new Metrics(dataSource, { clock });
  const scrape = async () => /minqing_cases\{state="submitted"\} (\d+)/.exec(await metrics.registry.metrics())?.[1];

  test("scrapes within a minute share one count; concurrent scrapes share the one in flight", async () => {
    expect(await Promise.all([scrape(), scrape(), scrape()])).toEqual(["3", "3", "3"]);
    expect(counts).toBe(1);
    submitted = 4;
    now += 59_000;
    expect(await scrape()).toBe("3");
    expect(counts).toBe(1);
    now += 1_000;
    expect(await scrape()).toBe("4");
    expect(counts).toBe(2);
  });

  test("a count that failed is not kept: the next scrape counts again", async () => {
    now += 60_000;
    failNext = true;
    await expect(scrape()).rejects.toThrow("the database went away");
    expect(await scrape()).toBe("4");
    expect(counts).toBe(4);
  });

  test("a wall clock set back does not keep an old count for longer", async () => {
    submitted = 5;
    now -= 3_600_000;
    expect(await scrape()).toBe("5");
  });
});
