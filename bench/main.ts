/**
 * npm run bench [-- --quick] [-- --only intake,telegram,web,big,start]
 *
 * Measures intake, Telegram end to end, the reminder sweep, the statistics, memory and cold
 * start, each beside a baseline measured in the same run on the same database, prints a table
 * and appends the figures as one JSON line to bench/results.jsonl. Needs DATABASE_URL (a
 * PostgreSQL server where it may create and drop the database minqing_bench_<pid>).
 * --quick is small enough for CI; the full run is for people (see README, "Performance").
 */
import { appendFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { AppealGenerator } from "./appeals";
import { benchStats, benchSweep, countRows, type StatsFigures, type SweepFigures } from "./big";
import { bulkLoad, plantDueReminders, type LoadPlan } from "./bulk";
import { rebuildFinalCaseStats } from "../src/db/repositories/final-case-stats-repository";
import { benchColdStart, type ColdStartFigures } from "./cold-start";
import type { IntakeRow, OpenLoopRow } from "./intake";
import { nowMs } from "./measure";
import { runPart } from "./parts";
import { benchDeployment, createBenchDatabase, startService } from "./service";
import type { TelegramFigures } from "./telegram";
import { table, type Row } from "./table";
import { benchWebChat, type WebChatFigures } from "./web-chat";

type Section = "intake" | "telegram" | "web" | "big" | "start";
const sections: Section[] = ["intake", "telegram", "web", "big", "start"];

interface Sizes {
  intakeAppeals: number;
  openLoopAppeals: number;
  telegramAppeals: number;
  telegramConcurrency: number;
  webMessages: number;
  /** Appeals filed on the embedded database, for its memory. */
  embeddedAppeals: number;
  load: LoadPlan;
  /** Closed cases added for the second sweep: 9× the first load's closed ones makes 10×. */
  extraClosed: number;
  due: number;
  statsRuns: number;
}

const full: Sizes = {
  intakeAppeals: 2000,
  openLoopAppeals: 5000,
  telegramAppeals: 200,
  telegramConcurrency: 32,
  webMessages: 500,
  embeddedAppeals: 500,
  load: { cases: 1_000_000, open: 100_000, residents: 200_000, spanDays: 365, endDaysAgo: 0 },
  extraClosed: 8_100_000,
  due: 1000,
  statsRuns: 5,
};

const quick: Sizes = {
  intakeAppeals: 60,
  openLoopAppeals: 250,
  telegramAppeals: 12,
  telegramConcurrency: 4,
  webMessages: 50,
  embeddedAppeals: 30,
  load: { cases: 20_000, open: 2_000, residents: 5_000, spanDays: 365, endDaysAgo: 0 },
  extraClosed: 162_000,
  due: 100,
  statsRuns: 3,
};

const OPEN_LOOP_RATE = 500;
/** Residents filing at once on the embedded database (one connection: they queue for it). */
const EMBEDDED_CONCURRENCY = 4;

interface Memory {
  /** The service started, before any load. */
  idleMb: number;
  /** Peak RSS of the process running the service and its load, per part. */
  intakePeakMb: number;
  overloadPeakMb: number;
  telegramPeakMb: number;
  /** The embedded database: started, and at its peak while appeals are filed. */
  embeddedIdleMb: number;
  embeddedPeakMb: number;
}

interface Results {
  intake?: { closed: IntakeRow[]; filingOnly: IntakeRow; openLoop: OpenLoopRow };
  telegram?: TelegramFigures;
  webChat?: WebChatFigures;
  sweep?: SweepFigures[];
  stats?: StatsFigures[];
  memory?: Memory;
  coldStart?: ColdStartFigures;
}

function parseArgs(argv: string[]): { quick: boolean; only: Section[] } {
  const quickMode = argv.includes("--quick");
  const i = argv.indexOf("--only");
  const list = i >= 0 ? (argv[i + 1] ?? "").split(",") : sections;
  const unknown = list.filter((s) => !sections.includes(s as Section));
  if (unknown.length > 0) throw new Error(`--only: unknown section(s) ${unknown.join(", ")}; expected ${sections.join(", ")}`);
  return { quick: quickMode, only: list as Section[] };
}

function log(text: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sizes = args.quick ? quick : full;
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("DATABASE_URL is not set: the bench needs a PostgreSQL server, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres");
  const repoRoot = join(__dirname, "..", "..");
  const started = nowMs();
  const results: Results = {};
  const db = await createBenchDatabase(serverUrl);
  log(`database ${db.name}; ${args.quick ? "quick" : "full"} run of ${args.only.join(", ")}`);
  const pgVersion = await withPg(db.url, async (c) => (await c.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version ?? "?");
  try {
    const memory: Memory = { idleMb: 0, intakePeakMb: 0, overloadPeakMb: 0, telegramPeakMb: 0, embeddedIdleMb: 0, embeddedPeakMb: 0 };
    if (args.only.includes("intake")) {
      const intake = await runPart("intake", { databaseUrl: db.url, appeals: sizes.intakeAppeals }, log);
      const overload = await runPart("overload", { databaseUrl: db.url, appeals: sizes.openLoopAppeals, perSecond: OPEN_LOOP_RATE }, log);
      results.intake = { closed: intake.result.closed, filingOnly: intake.result.filingOnly, openLoop: overload.result };
      memory.idleMb = intake.result.idleMb;
      memory.intakePeakMb = intake.peakRssMb;
      memory.overloadPeakMb = overload.peakRssMb;
      const embedded = await runPart("embedded", { appeals: sizes.embeddedAppeals, concurrency: EMBEDDED_CONCURRENCY }, log);
      memory.embeddedIdleMb = embedded.result.idleMb;
      memory.embeddedPeakMb = embedded.peakRssMb;
    }
    if (args.only.includes("telegram")) {
      const telegram = await runPart("telegram", { databaseUrl: db.url, appeals: sizes.telegramAppeals, concurrency: sizes.telegramConcurrency }, log);
      results.telegram = telegram.result;
      memory.telegramPeakMb = telegram.peakRssMb;
    }
    if (args.only.includes("intake") || args.only.includes("telegram")) results.memory = memory;
    if (args.only.includes("web")) {
      log(`web chat: ${sizes.webMessages} messages to a resident's page, sent on its instance, then on another; the bare path`);
      results.webChat = await benchWebChat(db.url, sizes.webMessages);
    }
    if (args.only.includes("big")) Object.assign(results, await big(db.url, sizes));
    if (args.only.includes("start")) {
      log("cold start: npm start on the embedded database, twice; node dist/src/main.js; a bare HTTP server");
      results.coldStart = await benchColdStart(repoRoot);
    }
  } finally {
    await db.drop();
  }

  const durationMs = nowMs() - started;
  const line = {
    date: new Date().toISOString(),
    mode: args.quick ? "quick" : "full",
    sections: args.only,
    machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? "?", memoryGb: Math.round(totalmem() / 2 ** 30), loadAverageAtEnd: loadavg()[0], node: process.version, postgres: pgVersion },
    durationMs: Math.round(durationMs),
    ...results,
  };
  appendFileSync(join(repoRoot, "bench", "results.jsonl"), `${JSON.stringify(line)}\n`);
  process.stdout.write(`\n${report(results, args.quick)}\n`);
  process.stdout.write(
    `\n${line.machine.cores} cores (${line.machine.cpu}), Node ${process.version}, PostgreSQL ${pgVersion}; ${args.quick ? "quick" : "full"} run in ${(durationMs / 1000).toFixed(0)} s; appended to bench/results.jsonl\n`,
  );
}

async function withPg<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The large database: load, statistics, a sweep; then 10× the closed cases and a sweep again. */
async function big(url: string, sizes: Sizes): Promise<Pick<Results, "sweep" | "stats">> {
  // Quiet hours would hold the nudges until morning: the sweep does its whole work whatever the hour of the run.
  const deployment = benchDeployment((d) => {
    d.reminders.quietHours = null;
  });
  const appeals = new AppealGenerator(deployment, 11).many(2000);
  // The outbox is left to its one-second poll: sending what the sweep queued is not part of the sweep.
  const app = await startService({ databaseUrl: url, deployment, outboxPollMs: 3_600_000 });
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`TRUNCATE cases, case_events, reminders, outbox, conversations, residents, inbound_messages RESTART IDENTITY`);
    let t0 = nowMs();
    log(`big: loading ${sizes.load.cases} cases (${sizes.load.open} open) with generate_series`);
    await bulkLoad(c, deployment, appeals, sizes.load);
    log(`big: loaded in ${((nowMs() - t0) / 1000).toFixed(0)} s; the statistics of final cases made from them`);
    t0 = nowMs();
    // Written past CaseService: the sums are made as a start with changed definitions makes them.
    await app.database.dataSource.transaction((tx) => rebuildFinalCaseStats(tx, deployment.timezone, { ifStale: false }));
    log(`big: made in ${((nowMs() - t0) / 1000).toFixed(1)} s; statistics`);
    const stats = await benchStats(app, c, deployment, sizes.statsRuns);
    log(`big: ${sizes.due} reminders due; one sweep`);
    await plantDueReminders(c, sizes.due, 1);
    await c.query(`ANALYZE reminders`);
    const sweep: SweepFigures[] = [await benchSweep(app, c, sizes.due)];
    t0 = nowMs();
    const closedBefore = (await countRows(c)).closed;
    log(`big: adding ${sizes.extraClosed} closed cases (10× the closed ones)`);
    await bulkLoad(c, deployment, appeals, { cases: sizes.extraClosed, open: 0, residents: sizes.load.residents, spanDays: 3650, endDaysAgo: sizes.load.spanDays });
    log(`big: loaded in ${((nowMs() - t0) / 1000).toFixed(0)} s (${closedBefore} → ${(await countRows(c)).closed} closed); one sweep`);
    await plantDueReminders(c, sizes.due, 2);
    await c.query(`ANALYZE reminders`);
    sweep.push(await benchSweep(app, c, sizes.due));
    return { sweep, stats };
  } finally {
    await c.end();
    await app.stop();
  }
}

const ms = (x: number) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) : "—");
const rate = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const count = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : n >= 1e4 ? `${(n / 1e3).toFixed(0)} k` : String(n));
const ratio = (x: number) => `${x.toFixed(2)}×`;
const met = (ok: boolean) => (ok ? "yes" : "**no**");

function report(r: Results, quickMode: boolean): string {
  const rows: Row[] = [];
  if (r.intake) {
    for (const i of r.intake.closed) {
      rows.push({
        what: `Intake, concurrency ${i.concurrency} (${i.appeals} appeals)`,
        minqing: `${rate(i.appealsPerSec)} appeals/s; p50 ${ms(i.latency.p50)} / p95 ${ms(i.latency.p95)} / p99 ${ms(i.latency.p99)} ms`,
        baseline: `${rate(i.baselinePerSec)} tx/s; p99 ${ms(i.baselineLatency.p99)} ms`,
        ratio: ratio(i.ratio),
        target: i.concurrency === 16 ? "≥ 0.6×" : "",
        met: i.concurrency === 16 ? met(i.ratio >= 0.6) : "",
      });
    }
    const f = r.intake.filingOnly;
    rows.push({
      what: `Filing transaction alone (确认), concurrency ${f.concurrency}`,
      minqing: `${rate(f.appealsPerSec)} cases/s; p50 ${ms(f.latency.p50)} / p95 ${ms(f.latency.p95)} / p99 ${ms(f.latency.p99)} ms`,
      baseline: `${rate(f.baselinePerSec)} tx/s; p99 ${ms(f.baselineLatency.p99)} ms`,
      ratio: ratio(f.ratio),
      target: "≥ 0.6×",
      met: met(f.ratio >= 0.6),
    });
    const o = r.intake.openLoop;
    rows.push({
      what: `Intake, ${o.appeals} appeals arriving at ${o.offeredPerSec}/s`,
      minqing: `kept up with ${rate(o.achievedPerSec)}/s; p50 ${ms(o.latency.p50)} / p99 ${ms(o.latency.p99)} ms`,
      baseline: "",
      ratio: "",
      target: "p99 < 100 ms",
      met: met(o.latency.p99 < 100 && o.achievedPerSec >= o.offeredPerSec * 0.95),
    });
  }
  if (r.telegram) {
    const t = r.telegram;
    rows.push({
      what: `Telegram: text → first answer (${t.appeals} new residents, ${t.concurrency} at a time)`,
      minqing: `p50 ${ms(t.firstAnswer.p50)} / p99 ${ms(t.firstAnswer.p99)} ms`,
      baseline: `echo bot p50 ${ms(t.baseline.p50)} / p99 ${ms(t.baseline.p99)} ms`,
      ratio: ratio(t.firstAnswer.p50 / t.baseline.p50),
      target: "",
      met: "",
    });
    rows.push({
      what: "Telegram: text → summary (1/s per chat: after the greeting)",
      minqing: `p50 ${ms(t.summary.p50)} / p99 ${ms(t.summary.p99)} ms`,
      baseline: "",
      ratio: "",
      target: "",
      met: "",
    });
    rows.push({
      what: "Telegram: 确认 → receipt",
      minqing: `p50 ${ms(t.receipt.p50)} / p99 ${ms(t.receipt.p99)} ms; ${rate(t.receiptsPerSec)} appeals/s`,
      baseline: `echo bot p50 ${ms(t.baseline.p50)} / p99 ${ms(t.baseline.p99)} ms`,
      ratio: ratio(t.receipt.p50 / t.baseline.p50),
      target: "",
      met: "",
    });
    rows.push({ what: "Telegram: 确认 → card in the group", minqing: `p50 ${ms(t.card.p50)} / p99 ${ms(t.card.p99)} ms`, baseline: "", ratio: "", target: "", met: "" });
    const within = t.maxPerSecond <= t.limits.perSecond && t.maxPerPrivateChatPerSecond <= t.limits.perPrivateChatPerSecond && t.maxPerGroupPerMinute <= t.limits.perGroupPerMinute;
    rows.push({
      what: "Telegram: flood limits",
      minqing: `most ${t.maxPerSecond}/s overall, ${t.maxPerPrivateChatPerSecond}/s to a resident, ${t.maxPerGroupPerMinute}/min to a group; ${t.tooManyRequests} × 429 of ${t.sent} sent`,
      baseline: "",
      ratio: "",
      target: `≤ ${t.limits.perSecond}/s, ${t.limits.perPrivateChatPerSecond}/s, ${t.limits.perGroupPerMinute}/min; no 429`,
      met: met(within && t.tooManyRequests === 0),
    });
  }
  if (r.webChat) {
    const w = r.webChat;
    const bare = `INSERT + NOTIFY → LISTEN → SSE: p50 ${ms(w.baseline.p50)} / p99 ${ms(w.baseline.p99)} ms`;
    rows.push({ what: `Web chat: send → resident's page, one instance (${w.messages} messages)`, minqing: `p50 ${ms(w.oneInstance.p50)} / p99 ${ms(w.oneInstance.p99)} ms`, baseline: bare, ratio: ratio(w.oneInstance.p50 / w.baseline.p50), target: "", met: "" });
    rows.push({ what: "Web chat: send on B → page on A", minqing: `p50 ${ms(w.twoInstances.p50)} / p99 ${ms(w.twoInstances.p99)} ms`, baseline: bare, ratio: ratio(w.twoInstances.p50 / w.baseline.p50), target: "", met: "" });
  }
  for (const s of r.sweep ?? []) {
    const label = `${count(s.cases)} cases, ${count(s.closedCases)} closed, ${count(s.remindersRows)} reminder rows`;
    rows.push({
      what: `Reminder sweep, ${s.due} due (${label})`,
      minqing: `${ms(s.sweepMs)} ms for ${s.handled}`,
      baseline: `${ms(s.baselineMs)} ms`,
      ratio: ratio(s.sweepMs / s.baselineMs),
      target: "< 50 ms",
      met: met(s.sweepMs < 50),
    });
    rows.push({
      what: `Reminder sweep, nothing due (${label})`,
      minqing: `${ms(s.idleSweepMs)} ms`,
      baseline: `${ms(s.idleBaselineMs)} ms`,
      ratio: ratio(s.idleSweepMs / s.idleBaselineMs),
      target: "< 50 ms",
      met: met(s.idleSweepMs < 50),
    });
  }
  for (const s of r.stats ?? []) {
    rows.push({
      what: `Statistics ${s.name}: ${s.cases.toLocaleString("en")} cases, ${s.groups} rows`,
      minqing: `${ms(s.ms)} ms`,
      baseline: `${ms(s.baselineMs)} ms (count per group)`,
      ratio: ratio(s.ms / s.baselineMs),
      target: "< 100 ms",
      met: met(s.ms < 100),
    });
  }
  if (r.memory) {
    const m = r.memory;
    const parts = [
      r.intake ? `${m.intakePeakMb.toFixed(0)} MB intake at concurrency 1–16` : "",
      r.telegram ? `${m.telegramPeakMb.toFixed(0)} MB Telegram` : "",
    ].filter(Boolean);
    rows.push({
      what: "Memory: peak RSS of the service (and its load) during intake / Telegram",
      minqing: parts.join(", "),
      baseline: r.intake ? `${m.idleMb.toFixed(0)} MB idle after start` : "",
      ratio: "",
      target: "< 150 MB",
      met: met(Math.max(m.intakePeakMb, m.telegramPeakMb) < 150),
    });
    if (r.intake) {
      rows.push({
        what: `Memory, embedded database: peak RSS while residents file appeals, ${EMBEDDED_CONCURRENCY} at a time`,
        minqing: `${m.embeddedPeakMb.toFixed(0)} MB`,
        baseline: `${m.embeddedIdleMb.toFixed(0)} MB idle after start`,
        ratio: "",
        target: "",
        met: "",
      });
      rows.push({
        what: `Memory: peak RSS while ${r.intake.openLoop.appeals} appeals arrive at ${r.intake.openLoop.offeredPerSec}/s (overload)`,
        minqing: `${m.overloadPeakMb.toFixed(0)} MB`,
        baseline: "",
        ratio: "",
        target: "",
        met: "",
      });
    }
  }
  if (r.coldStart) {
    const s = r.coldStart;
    rows.push({
      what: "Cold start (embedded): npm start → web chat answers",
      minqing: `first ${ms(s.firstStartMs)} ms, then ${ms(s.secondStartMs)} ms (${ms(s.withoutBuildMs)} ms without the build); ${s.rssAfterStartMb.toFixed(0)} MB`,
      baseline: `${ms(s.baselineMs)} ms bare node HTTP`,
      ratio: ratio(s.secondStartMs / s.baselineMs),
      target: "< 3 s",
      met: met(s.firstStartMs < 3000 && s.secondStartMs < 3000),
    });
  }
  return table(rows, quickMode ? "quick run: small sizes, for CI; targets are for the full run" : "full run");
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
