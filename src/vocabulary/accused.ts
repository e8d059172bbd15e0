/** What a case says about whom it reports (信访工作条例 Art. 30); both null for an ordinary appeal. */
export interface Accused {
  accusedDepartmentId: string | null;
  accusedCadreId: string | null;
}

/** A cadre as the rule on reports sees them: their department, and themselves (or whoever would hold a case). */
export interface Viewer {
  departmentId: string;
  cadreId: string;
}

/** Whether the case reports the viewer's department or the viewer. A leaf, so the SQL side and the core share it. */
export function accuses(c: Accused, viewer: Viewer): boolean {
  return c.accusedDepartmentId === viewer.departmentId || (c.accusedCadreId !== null && c.accusedCadreId === viewer.cadreId);
}
