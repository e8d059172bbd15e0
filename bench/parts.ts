import { fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppealGenerator } from "./appeals";
import { IntakeBench, type IntakeRow, type OpenLoopRow } from "./intake";
import { closedLoop, rssMb } from "./measure";
import { benchDeployment, startService } from "./service";
import { benchTelegram, telegramDeployment, type TelegramFigures } from "./telegram";

/**
 * The parts that run the service under load, each in a process of its own, so that its peak
 * resident memory (the kernel's high-water mark, VmHWM) is that part's alone: the service, and
 * the load generator driving it in the same process (small: the appeals and their timings).
 */

export interface IntakeParams {
  databaseUrl: string;
  appeals: number;
}
export interface IntakeResult {
  closed: IntakeRow[];
  filingOnly: IntakeRow;
  /** The service's memory once started, before any load. */
  idleMb: number;
}

export interface OverloadParams {
  databaseUrl: string;
  appeals: number;
  perSecond: number;
}

export interface TelegramParams {
  databaseUrl: string;
  appeals: number;
  concurrency: number;
}

export interface EmbeddedParams {
  appeals: number;
  concurrency: number;
}
export interface EmbeddedResult {
  /** The service once started on the embedded database, before any load. */
  idleMb: number;
  appealsPerSec: number;
}

export interface Parts {
  intake: { params: IntakeParams; result: IntakeResult };
  embedded: { params: EmbeddedParams; result: EmbeddedResult };
  overload: { params: OverloadParams; result: OpenLoopRow };
  telegram: { params: TelegramParams; result: TelegramFigures };
}
export type PartName = keyof Parts;

const runners: { [K in PartName]: (params: Parts[K]["params"], log: (text: string) => void) => Promise<Parts[K]["result"]> } = {
  async intake(p, log) {
    const deployment = benchDeployment();
    const app = await startService({ databaseUrl: p.databaseUrl, deployment });
    const idleMb = rssMb();
    const bench = new IntakeBench(app, p.databaseUrl, new AppealGenerator(deployment).many(2000));
    try {
      await bench.setUp();
      const closed: IntakeRow[] = [];
      for (const concurrency of [1, 4, 16]) {
        log(`intake: ${p.appeals} appeals at concurrency ${concurrency}, baseline before and after`);
        closed.push(await bench.closed(p.appeals, concurrency));
      }
      log("intake: the filing transaction alone, concurrency 16");
      const filingOnly = await bench.filingOnly(p.appeals, 16);
      return { closed, filingOnly, idleMb };
    } finally {
      await bench.close();
      await app.stop();
    }
  },

  /**
   * The embedded default (PGlite in this process) under the same appeals: its memory, which is the
   * point (PGlite's WebAssembly memory is at least 128 MB), and its pace for the record. No baseline:
   * the embedded database has one connection and no server to compare with.
   */
  async embedded(p, log) {
    const dataDir = join(mkdtempSync(join(tmpdir(), "minqing-bench-")), "pg");
    const app = await startService({ dataDir, deployment: benchDeployment() });
    const idleMb = rssMb();
    const appeals = new AppealGenerator(benchDeployment(), 5).many(2000);
    try {
      log(`embedded: ${p.appeals} appeals at concurrency ${p.concurrency}`);
      const run = await closedLoop(p.appeals, p.concurrency, async (i) => {
        const chat = `r-embedded-${i}`;
        const message = (n: number) => ({ kind: "message" as const, channel: "web" as const, deliveryId: `${chat}:${n}`, messageId: `m${n}`, chat: { id: chat, kind: "private" as const }, sender: { id: chat, languageCode: "zh-CN" } });
        await app.inbound.handle({ ...message(1), text: appeals[i % appeals.length]!.text });
        await app.inbound.handle({ ...message(2), button: "confirm" });
      });
      await app.outbox.settle();
      return { idleMb, appealsPerSec: run.perSecond };
    } finally {
      await app.stop();
      rmSync(join(dataDir, ".."), { recursive: true, force: true });
    }
  },

  async overload(p, log) {
    const deployment = benchDeployment();
    const app = await startService({ databaseUrl: p.databaseUrl, deployment });
    const bench = new IntakeBench(app, p.databaseUrl, new AppealGenerator(deployment, 3).many(2000));
    try {
      log(`intake: ${p.appeals} appeals arriving at ${p.perSecond}/s`);
      return await bench.open(p.appeals, p.perSecond);
    } finally {
      await bench.close();
      await app.stop();
    }
  },

  async telegram(p, log) {
    log(`telegram: ${p.appeals} appeals, ${p.concurrency} residents at a time`);
    return benchTelegram({ databaseUrl: p.databaseUrl, appeals: new AppealGenerator(telegramDeployment(), 7).many(p.appeals), concurrency: p.concurrency });
  },
};

type FromChild = { kind: "log"; text: string } | { kind: "done"; result: unknown } | { kind: "failed"; error: string };

/** Runs a part in a child process; resolves with its result and the child's peak RSS in MB. */
export function runPart<K extends PartName>(name: K, params: Parts[K]["params"], log: (text: string) => void): Promise<{ result: Parts[K]["result"]; peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, "parts.js"), [name, JSON.stringify(params)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let outcome: { result: Parts[K]["result"]; peakRssMb: number } | { error: Error } | undefined;
    child.on("message", (m: FromChild) => {
      if (m.kind === "log") log(m.text);
      else {
        // Read before it exits: the child waits for this answer.
        const status = child.pid === undefined ? "" : readFileSync(`/proc/${child.pid}/status`, "utf8");
        const peakRssMb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
        outcome = m.kind === "done" ? { result: m.result as Parts[K]["result"], peakRssMb } : { error: new Error(`${name}: ${m.error}`) };
        child.send("exit");
      }
    });
    child.on("exit", (code) => {
      if (outcome && "result" in outcome) resolve(outcome);
      else reject(outcome?.error ?? new Error(`${name}: the part's process exited with ${String(code)}`));
    });
  });
}

/** In the child: run the part named on the command line, report, wait to be let go. */
async function child(): Promise<void> {
  const [name, json] = process.argv.slice(2);
  const send = (m: FromChild) => process.send?.(m);
  if (!name || !(name in runners) || json === undefined) throw new Error(`parts: unknown part ${String(name)}`);
  const run = runners[name as PartName] as (params: unknown, log: (text: string) => void) => Promise<unknown>;
  try {
    send({ kind: "done", result: await run(JSON.parse(json), (text) => send({ kind: "log", text })) });
  } catch (err) {
    send({ kind: "failed", error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
  process.on("message", () => process.exit(0));
}

if (require.main === module) {
  child().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
