/**
 * Who reviews whose answers (信访工作条例 Art. 35–36): a department's answer is reviewed (复查) by
 * the body it names in `reviewBy`, else by the deployment's `reviewBody`; that review is
 * re-reviewed (复核) by the reviewing body's own reviewer, by the same rule. `reviewBy: null` says
 * the department's higher body is outside this deployment (the county government's is the city's).
 * Pure, so the configuration's checks and the core read the same rule.
 */
export interface ReviewChain {
  reviewBody?: string | null | undefined;
  departments: readonly { id: string; reviewBy?: string | null | undefined }[];
}

/** The department that reviews `departmentId`'s answers, or null when none in this deployment does. */
export function reviewerOf(chain: ReviewChain, departmentId: string): string | null {
  const department = chain.departments.find((d) => d.id === departmentId);
  if (department?.reviewBy === null) return null;
  const reviewer = department?.reviewBy ?? chain.reviewBody ?? null;
  return reviewer === departmentId ? null : reviewer;
}
