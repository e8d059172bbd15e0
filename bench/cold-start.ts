import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nowMs } from "./measure";

/**
 * Cold start on the embedded default: `npm start` (which builds, then starts) with no
 * DATABASE_URL, timed from the spawn to the web chat's page answering 200. The first start
 * creates the data directory; the second finds it. The baseline is a bare Node.js HTTP server
 * started and polled the same way: what starting any Node process that answers HTTP costs here.
 */

export interface ColdStartFigures {
  firstStartMs: number;
  secondStartMs: number;
  /** `node dist/src/main.js` without the build step, on the existing data directory. */
  withoutBuildMs: number;
  baselineMs: number;
  /** The service's memory once the first page was served, embedded database included. */
  rssAfterStartMb: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** The resident memory of the deepest process under `pid` (npm start runs sh, which runs node: the service). */
async function rssOf(pid: number): Promise<number> {
  const children = async (p: number): Promise<number[]> => {
    const text = await readFile(`/proc/${p}/task/${p}/children`, "utf8").catch(() => "");
    return text.trim().split(/\s+/).filter(Boolean).map(Number);
  };
  let leaf = pid;
  for (let kids = await children(leaf); kids.length > 0; kids = await children(leaf)) leaf = kids[kids.length - 1] ?? leaf;
  const status = await readFile(`/proc/${leaf}/status`, "utf8").catch(() => "");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Spawns the command in its own process group, waits until GET / answers 200, then stops the group. */
async function timeToFirstPage(command: string, args: string[], env: NodeJS.ProcessEnv, port: number, cwd: string): Promise<{ ms: number; rssMb: number }> {
  const t0 = nowMs();
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command} ${args.join(" ")} exited with ${child.exitCode}: ${stderr.slice(-2000)}`);
      if (nowMs() - t0 > 60_000) throw new Error(`${command} ${args.join(" ")} did not answer within 60 s: ${stderr.slice(-2000)}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`);
        await res.arrayBuffer();
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const ms = nowMs() - t0;
    const rssMb = child.pid === undefined ? 0 : await rssOf(child.pid);
    return { ms, rssMb };
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
    await exited;
    // npm exits before the service it started has shut down (and let go of its data directory):
    // the next start must find the whole group gone.
    if (child.pid !== undefined) await groupGone(child.pid);
  }
}

async function groupGone(pgid: number): Promise<void> {
  const giveUpAt = nowMs() + 15_000;
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    if (nowMs() > giveUpAt) {
      process.kill(-pgid, "SIGKILL");
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function benchColdStart(repoRoot: string): Promise<ColdStartFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), "minqing-bench-start-"));
  try {
    const env = (port: number): NodeJS.ProcessEnv => {
      const e: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), MINQING_DATA_DIR: dataDir, LOG_LEVEL: "warn" };
      delete e.DATABASE_URL;
      delete e.TELEGRAM_BOT_TOKEN;
      delete e.WECHATY_PUPPET;
      delete e.MINQING_CONFIG;
      delete e.NODE_OPTIONS;
      return e;
    };
    let port = await freePort();
    const first = await timeToFirstPage("npm", ["start", "--silent"], env(port), port, repoRoot);
    port = await freePort();
    const second = await timeToFirstPage("npm", ["start", "--silent"], env(port), port, repoRoot);
    port = await freePort();
    const direct = await timeToFirstPage(process.execPath, ["dist/src/main.js"], env(port), port, repoRoot);
    port = await freePort();
    const server = `require("node:http").createServer((q, s) => s.end("ok")).listen(${port}, "127.0.0.1")`;
    const baseline = await timeToFirstPage(process.execPath, ["-e", server], env(port), port, repoRoot);
    return { firstStartMs: first.ms, secondStartMs: second.ms, withoutBuildMs: direct.ms, baselineMs: baseline.ms, rssAfterStartMb: second.rssMb };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
