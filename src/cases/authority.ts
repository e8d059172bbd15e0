import type { Cadre } from "../config/schema";

/**
 * Who may act on, and see, which cases — the same rule in a group chat, a private chat and the
 * dashboard: a handler their department's cases, a supervisor every department's.
 */
export function mayActOn(cadre: Cadre, c: { departmentId: string }): boolean {
  return cadre.role === "supervisor" || cadre.department === c.departmentId;
}

/** The one department whose cases a cadre sees, or null for a supervisor, who sees all. */
export function departmentScope(cadre: Cadre): string | null {
  return cadre.role === "supervisor" ? null : cadre.department;
}
