import type { Directory } from "../config/directory";
import type { CaseRecord, CaseEventRecord } from "./case-record";
import type { CaseView, EventView, Texts } from "../texts/texts";
import { maskPersonalData } from "./personal-data";

/** Resolves ids to names and formats dates, so texts only arrange words. */
export class Views {
  constructor(private readonly directory: Directory) {}

  private get timeZone(): string {
    return this.directory.deployment.timezone;
  }

  date(texts: Texts, date: Date): string {
    return texts.dateTime(date, this.timeZone);
  }

  /**
   * For a group audience (a group, a supervisor, a cadre other than the responsible one): the same,
   * with the personal data in the resident's words masked. Masked here, before any template sees
   * the text, because templates cut it short (the first 30 or 60 characters) and a number cut in
   * half is no longer recognisable as one; the finished message is masked again where it is sent.
   */
  groupCaseView(texts: Texts, c: CaseRecord): CaseView {
    const view = this.caseView(texts, c);
    return { ...view, text: maskPersonalData(view.text) };
  }

  caseView(texts: Texts, c: CaseRecord): CaseView {
    return {
      number: c.number,
      state: c.state,
      category: this.directory.category(c.categoryId).name,
      community: this.directory.community(c.communityId)?.name ?? null,
      department: this.directory.department(c.departmentId).name,
      cadre: this.cadreName(texts, c.cadreId),
      urgent: c.urgent,
      text: c.text,
      createdAt: this.date(texts, c.createdAt),
      acceptDueAt: this.date(texts, c.acceptDueAt),
      answerDueAt: this.date(texts, c.answerDueAt),
      finishDueAt: c.finishDueAt ? this.date(texts, c.finishDueAt) : null,
      reviewCount: c.reviewCount,
      rating: c.rating,
      photos: c.photos.length,
      hasLocation: c.location !== null,
    };
  }

  /** For the resident: departments act, not named people; internal notes are left out by the caller. */
  eventForResident(texts: Texts, e: CaseEventRecord): EventView {
    const department = typeof e.data?.department === "string" ? this.directory.nameOf("department", e.data.department) : "";
    return { at: this.date(texts, e.at), type: e.type, actor: e.actorKind === "cadre" ? department : "", body: e.body, internal: false };
  }

  eventForCadre(texts: Texts, e: CaseEventRecord): EventView {
    const actor = e.actorKind === "cadre" && e.actorId ? this.cadreName(texts, e.actorId) : "";
    return { at: this.date(texts, e.at), type: e.type, actor, body: e.type === "reassign" ? this.reassignment(texts, e) : e.body, internal: !e.public };
  }

  /**
   * A cadre as the case or its timeline recorded them. One the deployment file no longer lists
   * still shows, by the id recorded, marked as gone: old cases must read and answer for years.
   */
  cadreName(texts: Texts, cadreId: string): string {
    return this.directory.findCadre(cadreId)?.name ?? texts.departedCadre(cadreId);
  }

  /** "zhou（已不在名册） → 王建国": who handed over to whom (the event's body is empty). */
  private reassignment(texts: Texts, e: CaseEventRecord): string | null {
    const { from, to } = e.data ?? {};
    return typeof from === "string" && typeof to === "string" ? `${this.cadreName(texts, from)} → ${this.cadreName(texts, to)}` : e.body;
  }
}
