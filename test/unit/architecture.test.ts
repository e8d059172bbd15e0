import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/**
 * The architecture as a test: which folder may import which. It reads the import statements of
 * src/ and adapters/ (a regular expression is enough: the code imports with plain string
 * literals), and checks
 *   - that no new folder cycle appears (the known ones are listed below and may only go away),
 *   - that the core never imports an adapter (except src/app.ts, which wires them together),
 *   - that adapters touch neither src/db/ nor TypeORM,
 *   - that TypeORM is imported only in src/db/ and migrations/ (plus today's offenders below).
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

/**
 * Folder edges that are part of a cycle today (issue 11: cases ⇄ intake, cases ⇄ reminders,
 * cases ⇄ db, texts ⇄ cases, and what they drag in). This list may only shrink: the test fails
 * on an edge that closes a cycle and is not here, and on an entry here that no longer does
 * (delete it then). Every edge of every cycle is listed, so any new import between these
 * folders that closes a cycle shows up as a new edge.
 */
const KNOWN_CYCLE_EDGES = new Set([
  "src/cases -> src/outbox",
  "src/cases -> src/reminders",
  "src/cases -> src/texts",
  "src/outbox -> src/texts",
  "src/reminders -> src/cases",
  "src/reminders -> src/outbox",
  "src/reminders -> src/texts",
  "src/texts -> src/cases",
]);

/**
 * Modules outside src/db/ that import TypeORM today. Issue 11 moves data access into repositories
 * under src/db/; as each module stops importing TypeORM, delete it here (the test says so).
 */
const KNOWN_TYPEORM_IMPORTERS = new Set<string>([
]);

/**
 * Modules outside src/db/ (and migrations/) that run SQL or open a transaction themselves today,
 * instead of asking a repository in src/db/repositories/ (or a `Transact`, src/db/tx.ts). Issue 11
 * moves these calls into the repositories; as each module stops making them, delete it here (the
 * test says so). Keep it sorted: several branches shrink it.
 */
const KNOWN_DIRECT_SQL_CALLERS = new Set<string>([
]);

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

  test("no new folder cycle: each edge that closes one is listed with an example import per edge", () => {
    const graph = folderGraph();
    const edges = cycleEdges(graph);
    const fresh = edges.filter(([a, b]) => !KNOWN_CYCLE_EDGES.has(`${a} -> ${b}`));
    const report = fresh.length === 0 ? "" : [`new edges in a cycle: ${fresh.map(([a, b]) => `${a} -> ${b}`).join(", ")}`, ...fresh.map(([a, b]) => describeCycle(graph, a, b))].join("\n\n");
    expect(report).toBe("");
  });

  test("the list of known cycles only shrinks: an edge no longer in a cycle must be deleted from it", () => {
    const current = new Set(cycleEdges(folderGraph()).map(([a, b]) => `${a} -> ${b}`));
    expect([...KNOWN_CYCLE_EDGES].filter((edge) => !current.has(edge))).toEqual([]);
  });

  test("the core never imports an adapter, except the composition root src/app.ts", () => {
    const offenders = imports.filter((i) => i.from.startsWith("src/") && i.from !== "src/app.ts" && i.target?.startsWith("adapters/"));
    expect(describeImports(offenders)).toBe("");
  });

  test("adapters import neither src/db/ nor TypeORM (they speak the port, not SQL)", () => {
    const offenders = imports.filter((i) => i.from.startsWith("adapters/") && (i.target?.startsWith("src/db/") || isTypeorm(i.specifier)));
    expect(describeImports(offenders)).toBe("");
  });

  test("TypeORM is imported only in src/db/ (and migrations/), apart from today's known modules", () => {
    const offenders = imports.filter((i) => isTypeorm(i.specifier) && !i.from.startsWith("src/db/") && !KNOWN_TYPEORM_IMPORTERS.has(i.from));
    expect(describeImports(offenders)).toBe("");
  });

  test("the list of known TypeORM importers only shrinks: a module that no longer imports it must be deleted from it", () => {
    const importers = new Set(imports.filter((i) => isTypeorm(i.specifier)).map((i) => i.from));
    expect([...KNOWN_TYPEORM_IMPORTERS].filter((file) => !importers.has(file))).toEqual([]);
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
  test("no module outside src/db/ calls .query(, .createQueryBuilder(, .getRepository( or .transaction(, apart from today's known ones", () => {
    const offenders = [...directSqlCallers()].filter(([file]) => !KNOWN_DIRECT_SQL_CALLERS.has(file));
    expect(offenders.map(([file, line]) => `${file}: ${line}`).join("\n")).toBe("");
  });

  test("the list of known direct SQL callers only shrinks: a module that no longer calls them must be deleted from it", () => {
    const callers = directSqlCallers();
    expect([...KNOWN_DIRECT_SQL_CALLERS].filter((file) => !callers.has(file))).toEqual([]);
  });

  test("the list of known direct SQL callers is sorted (several branches shrink it)", () => {
    expect([...KNOWN_DIRECT_SQL_CALLERS]).toEqual([...KNOWN_DIRECT_SQL_CALLERS].sort());
  });
});

function isTypeorm(specifier: string): boolean {
  return specifier === "typeorm" || specifier.startsWith("typeorm/");
}
