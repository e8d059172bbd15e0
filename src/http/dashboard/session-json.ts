import type { CadreSession } from "../../auth/cadre-auth";
import { caseStates } from "../../cases/state-machine";
import type { Directory } from "../../config/directory";

/**
 * What the workspace is told of the cadre who signed in (src/http/sign-in): who they are, and the
 * names its filters need (departments, categories, communities). Undefined for a cadre the
 * configuration no longer lists.
 */
export function sessionJson(directory: Directory, session: CadreSession) {
  const cadre = directory.deployment.cadres.find((c) => c.id === session.cadreId);
  if (!cadre) return undefined;
  const { deployment } = directory;
  const named = (list: readonly { id: string; name: string }[]) => list.map(({ id, name }) => ({ id, name }));
  return {
    cadre: { id: cadre.id, name: cadre.name, role: cadre.role, department: cadre.department, departmentName: directory.nameOf("department", cadre.department) },
    expiresAt: new Date(session.expiresAt).toISOString(),
    county: { name: deployment.name, timeZone: deployment.timezone, locale: deployment.locale },
    states: caseStates,
    departments: named(deployment.departments),
    categories: named(deployment.categories),
    communities: named(deployment.communities),
  };
}
