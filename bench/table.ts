export interface Row {
  what: string;
  minqing: string;
  baseline: string;
  ratio: string;
  target: string;
  met: string;
}

const headings: Row = { what: "", minqing: "Minqing", baseline: "baseline, same run", ratio: "ratio", target: "target", met: "met" };

/** A Markdown table, so the output can be pasted into the README as it is. */
export function table(rows: Row[], caption: string): string {
  const keys = Object.keys(headings) as (keyof Row)[];
  const line = (r: Row) => `| ${keys.map((k) => r[k].replace(/\|/g, "\\|")).join(" | ")} |`;
  return [`_${caption}_`, "", line(headings), `|${keys.map(() => " --- ").join("|")}|`, ...rows.map(line)].join("\n");
}
