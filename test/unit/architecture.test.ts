import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/**
 * The architecture as a test: which folder may import which. It reads the import statements of
 * src/ and adapters/ (a regular expression is enough: the code imports with plain string
 * literals), and checks
 *   - that there is no folder cycle (issue 11 removed the last ones),
 *   - that the core never imports an adapter (except src/app.ts, which wires them together),
 *   - that adapters touch neither src/db/ nor TypeORM,
 *   - that TypeORM is imported, and SQL run, only in src/db/ (its repositories) and migrations/.
 * A failure names each offending import by file, so the fix is to move that import (or the type
 * or function it needs) to where it belongs, not to add to a list.
 */

const ROOT = resolve(__dirname, "../..");

interface Import {
  /** The importing file, relative to the repository, with "/" separators. */
  from: string;
  /** What it imports, as written. */
  specifier: string;
  /** The imported file, relative to the repository, for a relative specifier. */
  target?: string;
}

const imports = [...sourceFiles("src"), ...sourceFiles("adapters")].flatMap(importsOf);

/** src/<folder> and adapters/<channel>; a file directly in src/ (app.ts, clock.ts, log.ts) is its own node, like a folder. */
function nodeOf(file: string): string {
  const [top, second = ""] = file.split("/");
  if (top !== "src" && top !== "adapters") return top ?? file;
  return `${top}/${second.replace(/\.ts$/, "")}`;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const found: Import[] = [];
  // import … from "x", export … from "x", import "x", require("x"), import("x").
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"']+)["']/g;
  for (const match of text.matchAll(pattern)) {
    const specifier = match[1] ?? "";
    const target = specifier.startsWith(".") ? resolveRelative(file, specifier) : undefined;
    found.push(target === undefined ? { from: file, specifier } : { from: file, specifier, target });
  }
  return found;
}

function resolveRelative(file: string, specifier: string): string {
  const base = resolve(ROOT, dirname(file), specifier);
  const candidates = [`${base}.ts`, join(base, "index.ts"), base];
  const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? base;
  return relative(ROOT, hit).split(sep).join("/");
}

/** Folder → folder, with the first import seen as the example for each edge. */
function folderGraph(): Map<string, Map<string, Import>> {
  const graph = new Map<string, Map<string, Import>>();
  for (const imp of imports) {
    if (imp.target === undefined) continue;
    const [a, b] = [nodeOf(imp.from), nodeOf(imp.target)];
    if (a === b) continue;
    const out = graph.get(a) ?? new Map<string, Import>();
    if (!out.has(b)) out.set(b, imp);
    graph.set(a, out);
  }
  return graph;
}

/** The shortest path from `start` to `goal`, as a list of nodes, or undefined. */
function shortestPath(graph: Map<string, Map<string, Import>>, start: string, goal: string): string[] | undefined {
  const previous = new Map<string, string>([[start, start]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    if (node === goal) {
      const path = [goal];
      while (path[0] !== start) path.unshift(previous.get(path[0] as string) as string);
      return path;
    }
    for (const next of graph.get(node)?.keys() ?? []) {
      if (previous.has(next)) continue;
      previous.set(next, node);
      queue.push(next);
    }
  }
  return undefined;
}

/** A cycle through the edge a → b, each edge with one import that makes it, for a failure message. */
function describeCycle(graph: Map<string, Map<string, Import>>, a: string, b: string): string {
  const back = shortestPath(graph, b, a) ?? [];
  const nodes = [a, ...back];
  const lines = [`cycle ${nodes.join(" -> ")}:`];
  for (let i = 0; i + 1 < nodes.length; i++) {
    const imp = graph.get(nodes[i] as string)?.get(nodes[i + 1] as string);
    lines.push(`    ${nodes[i]} -> ${nodes[i + 1]}: ${imp?.from} imports "${imp?.specifier}"`);
  }
  return lines.join("\n");
}

/** Edges a → b with a path back from b to a: the edges that make up folder cycles. */
function cycleEdges(graph: Map<string, Map<string, Import>>): [string, string][] {
  const edges: [string, string][] = [];
  for (const [a, out] of graph) for (const b of out.keys()) if (shortestPath(graph, b, a)) edges.push([a, b]);
  return edges.sort(([a1, b1], [a2, b2]) => `${a1} ${b1}`.localeCompare(`${a2} ${b2}`));
}

function describeImports(list: Import[]): string {
  return list.map((i) => `${i.from} imports "${i.specifier}"`).join("\n");
}

describe("architecture: which folder may import which", () => {
  test("the import scan sees the code (a sanity check on the scan itself)", () => {
    expect(imports.length).toBeGreaterThan(300);
    expect(imports.some((i) => i.from === "src/app.ts" && i.target === "adapters/web/web-adapter.ts")).toBe(true);
    expect(imports.some((i) => i.target === "migrations/index.ts")).toBe(true);
  });

  test("no folder cycle: each edge that closes one is listed with an example import per edge", () => {
    const graph = folderGraph();
    const edges = cycleEdges(graph);
    const report = edges.length === 0 ? "" : [`edges in a cycle: ${edges.map(([a, b]) => `${a} -> ${b}`).join(", ")}`, ...edges.map(([a, b]) => describeCycle(graph, a, b))].join("\n\n");
    expect(report).toBe("");
  });

  test("the core never imports an adapter, except the composition root src/app.ts", () => {
    const offenders = imports.filter((i) => i.from.startsWith("src/") && i.from !== "src/app.ts" && i.target?.startsWith("adapters/"));
    expect(describeImports(offenders)).toBe("");
  });

  test("adapters import neither src/db/ nor TypeORM (they speak the port, not SQL)", () => {
    const offenders = imports.filter((i) => i.from.startsWith("adapters/") && (i.target?.startsWith("src/db/") || isTypeorm(i.specifier)));
    expect(describeImports(offenders)).toBe("");
  });

  test("the web chat's adapter is the transport alone: no route, sign-in or cookie (src/http/ has those), only the session port of src/auth/", () => {
    const offenders = imports.filter(
      (i) =>
        i.from.startsWith("adapters/web/") &&
        ((i.target?.startsWith("src/auth/") && i.target !== "src/auth/session-port.ts") ||
          (i.target?.startsWith("src/http/") && i.target !== "src/http/sse-stream.ts")),
    );
    expect(describeImports(offenders)).toBe("");
  });

  test("TypeORM is imported only in src/db/ (and migrations/)", () => {
    const offenders = imports.filter((i) => isTypeorm(i.specifier) && !i.from.startsWith("src/db/"));
    expect(describeImports(offenders)).toBe("");
  });
});

/** Calls that run SQL or open a transaction: what only src/db/ (the repositories, tx.ts) should do. */
const DIRECT_SQL_CALL = /\.(query|createQueryBuilder|getRepository|transaction)\s*\(/;

/** Files outside src/db/ and migrations/ with such a call in their code (comments do not count), and the first one of each. */
function directSqlCallers(): Map<string, string> {
  const callers = new Map<string, string>();
  for (const file of [...sourceFiles("src"), ...sourceFiles("adapters")]) {
    if (file.startsWith("src/db/")) continue;
    const code = readFileSync(join(ROOT, file), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/^\s*\/\/.*$/gm, "");
    const line = code.split("\n").find((l) => DIRECT_SQL_CALL.test(l));
    if (line !== undefined) callers.set(file, line.trim());
  }
  return callers;
}

describe("architecture: SQL and transactions only in src/db/", () => {
  test("no module outside src/db/ calls .query(, .createQueryBuilder(, .getRepository( or .transaction(", () => {
    const offenders = [...directSqlCallers()];
    expect(offenders.map(([file, line]) => `${file}: ${line}`).join("\n")).toBe("");
  });
});

function isTypeorm(specifier: string): boolean {
  return specifier === "typeorm" || specifier.startsWith("typeorm/");
}
