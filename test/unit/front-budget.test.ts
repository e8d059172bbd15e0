import { execFileSync } from "node:child_process";
import { join } from "node:path";

/**
 * The resident page stays light (issue 14: at most 120 KB gzip of scripts and styles, no Element
 * Plus), measured on the build jest's global setup made: a heavy import fails here, not on a
 * resident's phone. The workspace is measured the same way and is over it: proof the script counts.
 */
const script = join(__dirname, "..", "..", "scripts", "front-budget.js");

function measure(page: string): { ok: boolean; totalGzipBytes: number; files: { file: string }[]; elementPlus: string[] } {
  try {
    return JSON.parse(execFileSync(process.execPath, [script, "--json", "--page", page], { encoding: "utf8" }));
  } catch (error) {
    const out = (error as { stdout?: string }).stdout;
    if (out) return JSON.parse(out);
    throw error;
  }
}

describe("the resident page's weight", () => {
  test("is within 120 KB gzip with everything it loads at start, and has no Element Plus", () => {
    const resident = measure("resident/index.html");
    expect(resident.elementPlus).toEqual([]);
    expect(resident.totalGzipBytes).toBeLessThanOrEqual(120 * 1024);
    expect(resident.ok).toBe(true);
    // It counted scripts and styles both.
    expect(resident.files.some((f) => f.file.endsWith(".js"))).toBe(true);
    expect(resident.files.some((f) => f.file.endsWith(".css"))).toBe(true);
  });

  test("the same measure catches a page with Element Plus (the workspace)", () => {
    const workspace = measure("workspace/index.html");
    expect(workspace.ok).toBe(false);
    expect(workspace.elementPlus.length).toBeGreaterThan(0);
  });
});
