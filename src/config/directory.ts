import type { ChannelName } from "../channels/port";
import type { Cadre, Category, Community, Department, Deployment } from "./schema";
import { reviewerOf } from "./review-bodies";

/** Lookups over the deployment's people and places, built once at start. */
export class Directory {
  constructor(readonly deployment: Deployment) {}

  get categories(): Category[] {
    return this.deployment.categories;
  }

  get communities(): Community[] {
    return this.deployment.communities;
  }

  get departments(): Department[] {
    return this.deployment.departments;
  }

  category(id: string): Category {
    return must(this.deployment.categories.find((c) => c.id === id), "category", id);
  }

  community(id: string | null): Community | null {
    return id ? (this.deployment.communities.find((c) => c.id === id) ?? null) : null;
  }

  department(id: string): Department {
    return must(this.deployment.departments.find((d) => d.id === id), "department", id);
  }

  /** A cadre who must be listed: one acting now, or one just chosen to answer for a case. */
  cadre(id: string): Cadre {
    return must(this.findCadre(id), "cadre", id);
  }

  /**
   * A cadre as a case or its timeline recorded them: undefined when the deployment file no longer
   * lists them, which a case kept for years must survive.
   */
  findCadre(id: string): Cadre | undefined {
    return this.deployment.cadres.find((c) => c.id === id);
  }

  /** Whether the cadre still answers for this department's cases: listed, active, and still in it. */
  isCadreOf(departmentId: string, cadreId: string): boolean {
    const cadre = this.findCadre(cadreId);
    return cadre?.department === departmentId && cadre.active;
  }

  /**
   * A name to show: the configured one, or the id itself for a case whose category, community,
   * department or cadre the configuration no longer lists, so old cases still show and export.
   */
  nameOf(kind: "category" | "community" | "department" | "cadre", id: string | null): string {
    if (id === null) return "";
    const list = { category: this.deployment.categories, community: this.deployment.communities, department: this.deployment.departments, cadre: this.deployment.cadres }[kind];
    return list.find((x) => x.id === id)?.name ?? id;
  }

  departmentForCategory(categoryId: string): Department {
    return must(this.deployment.departments.find((d) => d.categories.includes(categoryId)), "department for category", categoryId);
  }

  /** By id, name or alias, as a cadre types it in /transfer. */
  findDepartment(name: string): Department | undefined {
    const n = name.trim().toLowerCase();
    return this.deployment.departments.find((d) => d.id === n || d.name === name.trim() || d.aliases.includes(name.trim()));
  }

  /** The cadre this chat account is, if they are on duty: one marked `active: false` acts as no cadre, in groups and in private. */
  cadreByAccount(channel: ChannelName, accountId: string): Cadre | undefined {
    return this.deployment.cadres.find((c) => c.accounts[channel] === accountId && c.active !== false);
  }

  /** The department whose group this is (by its configured id). */
  departmentByGroup(channel: ChannelName, chatId: string): Department | undefined {
    return this.deployment.departments.find((d) => d.groups[channel] === chatId);
  }

  /** The department that reviews (复查, 复核) `departmentId`'s answers; null when its higher body is outside this deployment. */
  reviewerOf(departmentId: string): string | null {
    return reviewerOf(this.deployment, departmentId);
  }

  /** Who answers for the department's cases: its active cadres (an inactive one is listed only for the history). */
  cadresOf(departmentId: string): Cadre[] {
    return this.deployment.cadres.filter((c) => c.department === departmentId && c.active);
  }
}

function must<T>(x: T | undefined, what: string, id: string): T {
  if (x === undefined) throw new Error(`unknown ${what} "${id}"`);
  return x;
}
