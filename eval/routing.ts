/**
 * npm run eval:routing [-- --show] [-- --tuned-only]
 *
 * How well the intake reads residents' complaints (eval/routing-corpus.txt) on the demo county:
 * right without a question, asked, wrong, missed emergencies and false alarms, on the tuned part
 * and on the held-out fifth apart; then classification speed on one core and the start-up cost.
 * --show lists what the tuned part got wrong or asked (never the held-out part's: it stays unseen);
 * --tuned-only prints the tuned part alone, for tuning without a glance at the held-out figures.
 */
import { performance } from "node:perf_hooks";
import { loadSettings } from "../src/config/load";
import { readCorpus, type Complaint } from "./corpus";
import { startReader, type Reading } from "./reader";

type Verdict = "right" | "asked" | "wrong";

interface Tally {
  n: number;
  right: number;
  asked: number;
  /** Asked, with an acceptable category among the first three offered. */
  askedOffered: number;
  wrong: number;
  missed: number;
  falseAlarms: number;
}

function verdict(c: Complaint, r: Reading): Verdict {
  if (r.categoryId !== null && !c.categories.includes(r.categoryId)) return "wrong";
  if (r.communityId !== null && r.communityId !== c.communityId) return "wrong";
  if (r.categoryId === null || (c.communityId !== null && r.communityId === null)) return "asked";
  return "right";
}

function tally(items: { c: Complaint; r: Reading }[]): Tally {
  const t: Tally = { n: items.length, right: 0, asked: 0, askedOffered: 0, wrong: 0, missed: 0, falseAlarms: 0 };
  for (const { c, r } of items) {
    const v = verdict(c, r);
    t[v] += 1;
    if (v === "asked" && (r.categoryId !== null || r.options.slice(0, 3).some((o) => c.categories.includes(o)))) t.askedOffered += 1;
    if (c.urgent && !r.urgent) t.missed += 1;
    if (!c.urgent && r.urgent) t.falseAlarms += 1;
  }
  return t;
}

const pct = (x: number, n: number) => `${((100 * x) / Math.max(n, 1)).toFixed(1)} %`;

function print(name: string, t: Tally): void {
  console.log(
    `${name.padEnd(10)} ${String(t.n).padStart(4)} texts | right without a question ${pct(t.right, t.n).padStart(7)} | asked ${pct(t.asked, t.n).padStart(6)} (right one offered: ${t.askedOffered}/${t.asked}) | wrong ${pct(t.wrong, t.n).padStart(6)} (${t.wrong}) | missed emergencies ${t.missed} | false alarms ${t.falseAlarms}`,
  );
}

function describe(c: Complaint, r: Reading): string {
  const got = `${r.categoryId ?? `ask[${r.options.slice(0, 3).join(",")}]`} ${r.communityId ?? "-"} ${r.urgent ? "!" : "-"}`;
  return `  ${String(c.line).padStart(4)}  want ${c.categories.join("/")} ${c.communityId ?? "-"} ${c.urgent ? "!" : "-"}  got ${got}  ${c.text}${r.why ? `  (${r.why})` : ""}`;
}

function main(): void {
  const show = process.argv.includes("--show");
  const tunedOnly = process.argv.includes("--tuned-only");
  const deployment = loadSettings({}).deployment;
  const corpus = readCorpus();

  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  let onStartPathMs = 0;
  const read = startReader(deployment, () => (onStartPathMs = performance.now() - started));
  const startMs = performance.now() - started;
  const rssAfter = process.memoryUsage().rss;

  const results = corpus.map((c) => ({ c, r: read(c.text) }));
  const tuned = results.filter((x) => !x.c.heldOut);
  const heldOut = results.filter((x) => x.c.heldOut);

  // Speed: every text, again and again for at least two seconds, on this one thread.
  let texts = 0;
  const from = performance.now();
  while (performance.now() - from < 2000) {
    for (const c of corpus) read(c.text);
    texts += corpus.length;
  }
  const perSecond = texts / ((performance.now() - from) / 1000);

  console.log(`Routing on the demo county (${deployment.categories.length} categories, ${deployment.communities.length} communities), ${corpus.length} complaints`);
  print("tuned", tally(tuned));
  if (!tunedOnly) {
    print("held out", tally(heldOut));
    print("all", tally(results));
  }
  console.log(`speed: ${Math.round(perSecond).toLocaleString("en")} texts/s on one core; start-up ${startMs.toFixed(0)} ms, ${((rssAfter - rssBefore) / 1e6).toFixed(0)} MB (${onStartPathMs.toFixed(0)} ms of it on the service's start path; the rest is built after)`);
  if (show) {
    for (const { c, r } of tuned) if (verdict(c, r) !== "right" || c.urgent !== r.urgent) console.log(describe(c, r));
  }
}

main();
