import type { Cadre } from "../config/schema";
import { accuses, type Accused, type Viewer } from "../vocabulary/accused";

export { accuses, type Accused, type Viewer };

/**
 * Who may act on, and see, which cases — the same rule in a group chat, a private chat and the
 * dashboard: a handler their department's cases, a supervisor every department's; but never a
 * report about their own department or about themselves, supervisors included (Art. 30: the
 * accused never handle, nor see, what is reported about them).
 */
export function mayActOn(cadre: Cadre, c: { departmentId: string } & Accused): boolean {
  return (cadre.role === "supervisor" || cadre.department === c.departmentId) && !accuses(c, viewerOf(cadre));
}

/** The one department whose cases a cadre sees, or null for a supervisor, who sees all. */
export function departmentScope(cadre: Cadre): string | null {
  return cadre.role === "supervisor" ? null : cadre.department;
}

/** Whom the reports a cadre may not see accuse: their department and themselves. */
export function viewerOf(cadre: Cadre): Viewer {
  return { departmentId: cadre.department, cadreId: cadre.id };
}
