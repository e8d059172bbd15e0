import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Deployment } from "../../src/config/schema";
import { repoRoot } from "./paths";
import { sleep } from "./wait";

/**
 * The real service as a child process (`node dist/src/main.js`), for the tests that kill it,
 * signal it or pull its database away. Logs are JSON lines, kept for assertions and for the
 * failure message.
 */

/**
 * Compiles the service with swc into a fresh directory under .cache/ (inside the checkout, so
 * the compiled code finds config/ and node_modules/ by walking up, as dist/ does). One per
 * test file: files run in parallel. Returns the main script and a function that removes it.
 */
export async function buildService(): Promise<{ main: string; remove(): void }> {
  const out = mkdtempSync(join(repoRoot, ".cache", "service-"));
  const swc = join(repoRoot, "node_modules", ".bin", "swc");
  await promisify(execFile)(swc, ["src", "adapters", "migrations", "-d", out, "--copy-files", "-q"], { cwd: repoRoot });
  return { main: join(out, "src", "main.js"), remove: () => rmSync(out, { recursive: true, force: true }) };
}

/** Writes a deployment file for MINQING_CONFIG; returns its path. */
export function writeDeploymentFile(dir: string, deployment: Deployment): string {
  const path = join(dir, "county.json");
  writeFileSync(path, JSON.stringify(deployment));
  return path;
}

export interface LogLine {
  level?: string;
  message?: string;
  [key: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ServiceProcess {
  readonly lines: LogLine[] = [];
  /** Everything the process wrote, as text, for failure messages. */
  private readonly output: string[] = [];
  private exit: Exit | undefined;
  readonly exited: Promise<Exit>;
  port = 0;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
    for (const stream of [child.stdout, child.stderr]) {
      let buffer = "";
      stream?.setEncoding("utf8");
      stream?.on("data", (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf("\n")) >= 0) {
          this.take(buffer.slice(0, end));
          buffer = buffer.slice(end + 1);
        }
      });
    }
  }

  /**
   * Starts `node <main>` with exactly `env` (plus PATH), and resolves once it logs that it is
   * running; rejects with its output if it exits first.
   */
  static async start(main: string, env: Record<string, string>, readyTimeoutMs = 60_000): Promise<ServiceProcess> {
    const child = spawn(process.execPath, [main], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LOG_FORMAT: "json", LOG_LEVEL: "info", PORT: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const service = new ServiceProcess(child);
    const deadline = Date.now() + readyTimeoutMs;
    let running: LogLine | undefined;
    while ((running = service.lines.find((line) => line.message === "Minqing is running")) === undefined) {
      if (service.exit) throw new Error(`the service exited before it was ready: ${service.describe()}`);
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`the service was not ready after ${readyTimeoutMs} ms: ${service.describe()}`);
      }
      await sleep(50);
    }
    service.port = Number(new URL(String(running["url"])).port);
    return service;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** SIGTERM, then waits for the exit; SIGKILL if it takes longer than `graceMs`. For cleanup. */
  async stop(graceMs = 20_000): Promise<Exit> {
    if (this.exit) return this.exit;
    this.kill("SIGTERM");
    const timer = setTimeout(() => this.kill("SIGKILL"), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Log lines at `level` (e.g. "error"). */
  logged(level: string): LogLine[] {
    return this.lines.filter((line) => line.level === level);
  }

  describe(): string {
    const status = this.exit ? `exited (code ${this.exit.code}, signal ${this.exit.signal})` : "running";
    return `service pid ${this.pid}, ${status}; its output:\n${this.output.slice(-60).join("\n")}`;
  }

  private take(text: string): void {
    if (text === "") return;
    this.output.push(text);
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === "object" && parsed !== null) this.lines.push(parsed as LogLine);
    } catch {
      this.lines.push({ level: "raw", message: text });
    }
  }
}

/** A temporary directory for one test file's files (deployment file, embedded data). */
export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(repoRoot, ".cache", `${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
