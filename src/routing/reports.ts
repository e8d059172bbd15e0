import type { Directory } from "../config/directory";
import type { Department } from "../config/schema";
import type { Accusation } from "../understanding";

/**
 * A report about a department or an official (信访工作条例 Art. 30): whom it accuses (null: the
 * resident chose to report an official but named no department the configuration knows) and the
 * body that handles it, never the accused department.
 */
export interface Report {
  accused: Accusation | null;
  /** The department the case goes to. */
  receiverId: string;
  /** What it is filed under (reports.category). */
  categoryId: string;
}

/**
 * Whether an appeal is a report, and where it goes: to the accused department's `reportsTo`, else
 * to the department that `receivesReports` (the configuration guarantees neither is the accused
 * department itself). Null for an ordinary appeal, and always when no department receives reports.
 */
export function reportOf(directory: Directory, accused: Accusation | null, chosen: boolean): Report | null {
  const receiver = reportsReceiver(directory);
  if (receiver === null || (accused === null && !chosen)) return null;
  const receiverId = accused ? (directory.departments.find((d) => d.id === accused.departmentId)?.reportsTo ?? receiver.id) : receiver.id;
  return { accused, receiverId, categoryId: directory.deployment.reports.category ?? receiver.categories[0]! };
}

/** The department that receives reports, or null: then the rule is off. */
export function reportsReceiver(directory: Directory): Department | null {
  return directory.departments.find((d) => d.receivesReports) ?? null;
}
