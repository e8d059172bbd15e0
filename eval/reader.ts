import type { Deployment } from "../src/config/schema";

/** What the intake makes of a complaint before asking anything. */
export interface Reading {
  /** null: the resident is asked for the category. */
  categoryId: string | null;
  /** The categories offered when asking, likeliest first. */
  options: string[];
  communityId: string | null;
  urgent: boolean;
  why?: string;
}

/** The intake's reading of texts on this deployment, set up once (loaded here, so its start-up is measured). */
export function startReader(deployment: Deployment): (text: string) => Reading {
  const { Understanding } = require("../src/understanding") as typeof import("../src/understanding");
  const understanding = new Understanding(deployment);
  return (text) => {
    const r = understanding.read(text);
    return {
      categoryId: r.categoryId,
      options: r.offered,
      communityId: r.communityId,
      urgent: r.emergency !== null,
      why: `${r.because.join(" ")} ${r.confidence.toFixed(2)}${r.emergency ? ` ${r.emergency.kind}:${r.emergency.word}` : ""}`,
    };
  };
}
