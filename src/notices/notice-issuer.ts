import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { dateTimeFormat, isoDate } from "../calendar/date-format";
import type { Directory } from "../config/directory";
import { insertNotice, takeNoticeSerial } from "../db/repositories/notice-repository";
import { findById as findResident } from "../db/repositories/resident-repository";
import type { Tx } from "../db/tx";
import { textsFor } from "../texts";
import type { NoticeKind, NoticeTexts } from "../texts/texts";
import type { CaseRecord, EventData } from "../vocabulary/case-record";
import type { NoticeDocument } from "./notice-document";
import { noticeHtml } from "./notice-html";
import { noticePdf } from "./notice-pdf";

/** What an action's notice says beyond its case: why (不予受理, 延期) or the answer (意见书), and the date it names. */
export interface NoticeRequest {
  kind: NoticeKind;
  reason: string;
  until: Date | null;
}

export interface IssuedNotice {
  id: string;
  kind: NoticeKind;
  number: string;
  /** SHA-256 of the PDF, hex. */
  sha256: string;
  htmlSha256: string;
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/** How the matter is named in a notice: the appeal's first words, on one line. */
const MATTER_CHARS = 40;

/**
 * Issues a case's written notice in the transaction of the action that causes it: takes the
 * year's next number (gap-free: a rolled-back action gives it back), writes the document, renders
 * its PDF and printable HTML, and stores both with their hashes. The PDF is made here, not when it
 * is first downloaded (~90 ms with the font, measured): what is hashed is then the very file the
 * resident receives, and the hash in the timeline commits with it.
 */
export class NoticeIssuer {
  private seal: Buffer | null | undefined;

  constructor(private readonly directory: Directory) {}

  async issue(tx: Tx, c: CaseRecord, request: NoticeRequest, now: Date): Promise<IssuedNotice> {
    const deployment = this.directory.deployment;
    const texts = textsFor(deployment.locale).notice;
    const issuedOn = this.dayOf(now);
    const serial = await takeNoticeSerial(tx, issuedOn.year);
    const resident = await findResident(tx, c.residentId);
    const document: NoticeDocument = {
      kind: request.kind,
      issuer: deployment.notices.issuer ?? deployment.name,
      number: texts.number(issuedOn.year, serial),
      title: texts.title(request.kind),
      addressee: texts.addressee(nameToAddress(resident.displayName)),
      body: texts.body(request.kind, {
        caseNumber: c.number,
        filedOn: this.written(texts, c.createdAt),
        matter: shortened(c.text),
        department: this.directory.nameOf("department", c.departmentId),
        reason: request.reason,
        until: request.until ? this.written(texts, request.until) : "",
        nextBody: this.nextBodyOf(c.departmentId),
      }),
      signature: this.directory.nameOf("department", c.departmentId),
      date: this.written(texts, now),
      seal: this.sealImage(),
      pageLabel: texts.page,
    };
    const html = noticeHtml(document, deployment.locale);
    const pdf = await noticePdf(document, now);
    const notice = { id: `nt-${randomBytes(16).toString("base64url")}`, kind: request.kind, number: document.number, sha256: sha256(pdf), htmlSha256: sha256(html) };
    await insertNotice(tx, { ...notice, caseId: c.id, year: issuedOn.year, serial, html, pdf, issuedAt: now });
    return notice;
  }

  private nextBodyOf(departmentId: string): string | null {
    const body = this.directory.reviewerOf(departmentId);
    return body === null ? null : this.directory.nameOf("department", body);
  }

  private dayOf(date: Date): { year: number; month: number; day: number } {
    const parts = dateTimeFormat("en-CA", this.directory.deployment.timezone, isoDate).formatToParts(date);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return { year: get("year"), month: get("month"), day: get("day") };
  }

  private written(texts: NoticeTexts, date: Date): string {
    const d = this.dayOf(date);
    return texts.date(d.year, d.month, d.day);
  }

  /** The configured seal, read at the first notice and kept; none when not configured. */
  private sealImage(): Buffer | null {
    if (this.seal === undefined) {
      const path = this.directory.deployment.notices.seal;
      this.seal = path === undefined ? null : readFileSync(path);
    }
    return this.seal;
  }
}

/** The resident's name as the notice's addressee; none (反映人) if they gave none, or if it reads as a phone number. */
function nameToAddress(displayName: string | null): string | null {
  const name = displayName?.trim() ?? "";
  return name === "" || /\d{5,}/.test(name.replace(/[\s-]/g, "")) ? null : name;
}

function shortened(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > MATTER_CHARS ? `${line.slice(0, MATTER_CHARS)}…` : line;
}

/** What the timeline event of the issuing action records of the notice: its hash among it, so the stored one can be checked against it. */
export function noticeEventData(n: IssuedNotice): EventData {
  return { noticeId: n.id, noticeKind: n.kind, noticeNumber: n.number, noticeSha256: n.sha256, noticeHtmlSha256: n.htmlSha256 };
}

/** The notice an event issued, from its data; null if it issued none. */
export function noticeOfEvent(data: EventData | null): { id: string; kind: NoticeKind; number: string } | null {
  const id = data?.noticeId;
  const kind = data?.noticeKind;
  const number = data?.noticeNumber;
  return typeof id === "string" && typeof kind === "string" && typeof number === "string" ? { id, kind: kind as NoticeKind, number } : null;
}

/** The path of a notice's PDF in the resident's web chat (src/http/resident-chat/): it opens only with that chat's cookie. */
export const residentNoticePath = (id: string) => `/chat/notices/${id}`;
