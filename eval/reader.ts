import type { Deployment } from "../src/config/schema";
import { inferCategory, inferCommunity, isUrgent } from "../src/intake/inference";

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

/** The intake's reading of texts on this deployment, set up once. */
export function startReader(deployment: Deployment): (text: string) => Reading {
  return (text) => ({
    categoryId: inferCategory(text, deployment.categories),
    options: deployment.categories.map((c) => c.id),
    communityId: inferCommunity(text, deployment.communities),
    urgent: isUrgent(text, deployment.urgentKeywords),
  });
}
