import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

/**
 * A PostgreSQL cluster of a test's own, on a free port, that the test may stop and start at
 * will; the shared server on 5432 serves other test files at the same time and is never touched.
 * Needs PostgreSQL's server binaries (initdb, pg_ctl). As root, the cluster belongs to the
 * `postgres` user (PostgreSQL refuses to run as root).
 */
export class ThrowawayPostgres {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
  ) {}

  /** Where initdb and pg_ctl are, or why they cannot be used. */
  static locate(): { bin: string } | { missing: string } {
    const roots = ["/usr/lib/postgresql"].filter((root) => existsSync(root));
    const candidates = [
      ...(process.env.PG_BIN ? [process.env.PG_BIN] : []),
      ...roots.flatMap((root) =>
        readdirSync(root)
          .sort((a, b) => Number(b) - Number(a))
          .map((version) => join(root, version, "bin")),
      ),
    ];
    const bin = candidates.find((dir) => existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl")));
    if (bin === undefined) return { missing: "PostgreSQL's server binaries (initdb, pg_ctl) were not found; set PG_BIN to their directory" };
    if (process.getuid?.() === 0 && !existsSync("/usr/sbin/runuser") && !existsSync("/sbin/runuser")) {
      return { missing: "running as root, and runuser is missing to run PostgreSQL as the postgres user" };
    }
    return { bin };
  }

  /** initdb into a new temporary directory, then start on a free port. */
  static async create(bin: string): Promise<ThrowawayPostgres> {
    const dir = mkdtempSync(join(tmpdir(), "minqing-pg-"));
    if (process.getuid?.() === 0) chownSync(dir, uid("postgres"), gid("postgres"));
    const cluster = new ThrowawayPostgres(bin, dir, await freePort());
    await cluster.run("initdb", ["-D", cluster.dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-instructions"]);
    await cluster.start();
    return cluster;
  }

  private get dataDir(): string {
    return join(this.dir, "data");
  }

  /** A URL for a database on this cluster (`postgres` exists from the start). */
  url(database = "postgres"): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    await this.run("pg_ctl", [
      "start",
      "-D",
      this.dataDir,
      "-w",
      "-t",
      "60",
      "-l",
      join(this.dir, "server.log"),
      "-o",
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    ]);
  }

  /** Fast shutdown: open sessions are cut off, as when the server is restarted for maintenance. */
  async stop(): Promise<void> {
    await this.run("pg_ctl", ["stop", "-D", this.dataDir, "-m", "fast", "-w", "-t", "60"]);
  }

  /** Stops the server (if it runs) and removes everything. */
  async destroy(): Promise<void> {
    await this.run("pg_ctl", ["stop", "-D", this.dataDir, "-m", "immediate", "-w"]).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  serverLog(): string {
    try {
      return readFileSync(join(this.dir, "server.log"), "utf8");
    } catch {
      return "";
    }
  }

  private async run(tool: string, args: string[]): Promise<void> {
    const path = join(this.bin, tool);
    const [command, commandArgs] = process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", path, ...args]] : [path, args];
    try {
      await promisify(execFile)(command, commandArgs, { cwd: this.dir, timeout: 90_000 });
    } catch (err) {
      const e = err as Error & { stderr?: string; stdout?: string };
      throw new Error(`${tool} ${args.join(" ")} failed: ${e.message}\n${e.stdout ?? ""}${e.stderr ?? ""}\n${this.serverLog()}`);
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function uid(user: string): number {
  return Number(passwdField(user, 2));
}

function gid(user: string): number {
  return Number(passwdField(user, 3));
}

function passwdField(user: string, index: number): string {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${user}:`));
  const field = line?.split(":")[index];
  if (field === undefined) throw new Error(`no user ${user} in /etc/passwd`);
  return field;
}
