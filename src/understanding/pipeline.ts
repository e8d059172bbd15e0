import { weightedKeywords, type Deployment } from "../config/schema";
import { AccusationReader } from "./accusation";
import { Classifier } from "./classifier";
import type { CommunityNames } from "./community";
import { Normaliser } from "./normalise";
import { Segmenter } from "./segmenter";
import { UrgencyReader } from "./urgency";

/** The parts that read words, as the deployment's configuration makes them. */
export interface Pipeline {
  normaliser: Normaliser;
  segmenter: Segmenter;
  classifier: Classifier;
  urgency: UrgencyReader;
  communities: CommunityNames[];
  accusations: AccusationReader;
}

/**
 * Builds the text pipeline from the configuration: the normaliser (with the county's typos),
 * jieba with the county's words added to its dictionary, the classifier trained on the keywords
 * and example phrases, and the urgency rules, every word spelled as residents' words will be.
 * Most of the cost of reading words is here, once (jieba's dictionary above all).
 */
export function buildPipeline(deployment: Deployment): Pipeline {
  const u = deployment.understanding;
  const normaliser = new Normaliser(u.typos);
  // A word comes up several times (a keyword, then again as it is cut; one word in several
  // categories' lists): spelled once, as converting to Simplified is most of the cost of spelling.
  const spelled = new Map<string, string>();
  const spell = (w: string) => {
    let s = spelled.get(w);
    if (s === undefined) spelled.set(w, (s = normaliser.normalise(w)));
    return s;
  };
  const communities = deployment.communities.map((c) => ({ id: c.id, names: [c.name, ...c.keywords].map(spell) }));
  const keywords = deployment.categories.map((c) => weightedKeywords(c).map((k) => ({ word: spell(k.word), weight: k.weight })));
  // "A…B" patterns are spelled part by part: the normaliser would turn "…" into "。".
  const spellPattern = (w: string) => w.split("…").map(spell).join("…");
  // A category the county does not have (it replaced the demo's and kept its emergencies) is none: the words decide.
  const known = new Set(deployment.categories.map((c) => c.id));
  const rules = deployment.emergencies.map((e) => ({ kind: e.kind, words: e.words.map(spellPattern), categoryId: e.category !== undefined && known.has(e.category) ? e.category : null, line: e.line ?? null }));
  const segmenter = Segmenter.for([
    ...communities.flatMap((c) => c.names),
    ...keywords.flat().map((k) => k.word),
    ...rules.flatMap((r) => r.words.filter((w) => !w.includes("…"))),
    ...u.words.map(spell),
    ...Object.values(u.typos).map(spell),
  ]);
  const cut = (phrase: string) => Segmenter.meaningful(segmenter.cut(spell(phrase)));
  const classifier = new Classifier(
    deployment.categories.map((c, i) => ({
      id: c.id,
      priority: c.priority,
      examples: [c.name, ...c.examples].map(cut),
      keywords: keywords[i]!.map((k) => ({ words: cut(k.word), weight: k.weight })),
    })),
    u.keywordWeight,
  );
  return { normaliser, segmenter, classifier, urgency: new UrgencyReader(rules, u.notEmergencies.map(spell)), communities, accusations: accusationReader(deployment, spell) };
}

/** Departments' names and aliases, cadres' names and the accusation words, spelled as residents' words will be. */
function accusationReader(deployment: Deployment, spell: (w: string) => string): AccusationReader {
  const reports = deployment.reports;
  // No department receives reports: nothing is read as one.
  if (!deployment.departments.some((d) => d.receivesReports)) return new AccusationReader([], { misconduct: [], reporting: [], officials: [], start: [] });
  const names = [
    ...deployment.departments.flatMap((d) => [d.name, ...d.aliases].map((name) => ({ name: spell(name), departmentId: d.id, cadreId: null }))),
    ...deployment.cadres.map((c) => ({ name: spell(c.name), departmentId: c.department, cadreId: c.id })),
  ].filter((n) => n.name !== "");
  return new AccusationReader(names, {
    misconduct: reports.words.map(spell),
    reporting: reports.reportWords.map(spell),
    officials: reports.officials.map(spell),
    start: reports.startWords.map(spell),
  });
}
