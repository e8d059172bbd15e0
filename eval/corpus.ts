import { readFileSync } from "node:fs";
import { join } from "node:path";

/** One complaint of the corpus and what a good reading of it is. */
export interface Complaint {
  line: number;
  text: string;
  /** Acceptable categories: one, or two where the message holds two problems. */
  categories: string[];
  /** The community it names, or null when it names none. */
  communityId: string | null;
  urgent: boolean;
  /** Held out: never tuned on, reported apart. */
  heldOut: boolean;
}

/** FNV-1a: the held-out fifth is fixed by the text alone, so adding a line moves no other. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (const ch of text) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The corpus (eval/routing-corpus.txt): `category[/other] | community or - | ! or - | text` per line. */
export function readCorpus(file = join(__dirname, "routing-corpus.txt")): Complaint[] {
  const out: Complaint[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) return;
      const [categories = "", community = "", urgency = "", ...text] = line.split("|").map((x) => x.trim());
      if (text.length === 0 || !["!", "-"].includes(urgency)) throw new Error(`routing-corpus.txt:${i + 1}: expected "category | community | !/- | text"`);
      const whole = text.join("|");
      out.push({ line: i + 1, text: whole, categories: categories.split("/"), communityId: community === "-" ? null : community, urgent: urgency === "!", heldOut: hash(whole) % 5 === 0 });
    });
  return out;
}
