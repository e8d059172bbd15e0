import type { Cadre } from "../config/schema";
import type { Directory } from "../config/directory";

/**
 * The cadre who answers for a case: the department's active handler responsible for the
 * community, else its first active handler, else its supervisor. Config validation guarantees
 * every department has an active cadre, so no case is ever without an owner.
 */
export function responsibleCadre(directory: Directory, departmentId: string, communityId: string | null): Cadre {
  const people = directory.cadresOf(departmentId);
  const handlers = people.filter((c) => c.role === "handler" || c.role === "lead");
  const byCommunity = communityId ? handlers.find((c) => c.communities.includes(communityId)) : undefined;
  const chosen = byCommunity ?? handlers[0] ?? people[0];
  if (!chosen) throw new Error(`department "${departmentId}" has no active cadre`);
  return chosen;
}

export function route(directory: Directory, categoryId: string, communityId: string | null): { departmentId: string; cadreId: string } {
  const department = directory.departmentForCategory(categoryId);
  return { departmentId: department.id, cadreId: responsibleCadre(directory, department.id, communityId).id };
}
