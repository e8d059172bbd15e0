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

/**
 * The intake's reading of texts on this deployment, set up once (loaded here, so its start-up is
 * measured); `constructed` is called between what the service's start waits for and the
 * pipeline it builds after (or at the first words read).
 */
export function startReader(deployment: Deployment, constructed: () => void = () => {}): (text: string) => Reading {
  const { Understanding } = require("../src/understanding") as typeof import("../src/understanding");
  const understanding = new Understanding(deployment);
  constructed();
  understanding.prepare();
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
