import { mayActOn } from "../../cases/authority";
import type { CaseEventRecord } from "../../cases/case-record";
import type { Directory } from "../../config/directory";
import { findCase } from "../../db/repositories/case-repository";
import { findNotice } from "../../db/repositories/notice-repository";
import { noticeOfEvent } from "../../notices/notice-issuer";
import { textsFor } from "../../texts";
import { answering } from "../error-response";
import { HttpError, requireMethod } from "../http-io";
import type { HttpMount } from "../router";
import { sendNotice } from "../send-notice";
import { signedInCadre, type DashboardDeps } from "./context";
import type { CaseNotice } from "./json-shapes";

const NOTICE_PATH = /^\/dashboard\/api\/cases\/([A-Za-z0-9-]{1,40})\/notices\/(nt-[A-Za-z0-9_-]{22})(\.html)?$/;

const noticeUrl = (caseNumber: string, id: string) => `/dashboard/api/cases/${encodeURIComponent(caseNumber)}/notices/${id}`;

/** The case's notices, from the timeline events that issued them (each records its hash). */
export function caseNoticesJson(caseNumber: string, events: readonly CaseEventRecord[], directory: Directory): CaseNotice[] {
  const texts = textsFor(directory.deployment.locale).notice;
  return events.flatMap((e) => {
    const notice = noticeOfEvent(e.data);
    const sha256 = e.data?.noticeSha256;
    if (!notice || typeof sha256 !== "string") return [];
    const url = noticeUrl(caseNumber, notice.id);
    return [{ at: e.at.toISOString(), title: texts.title(notice.kind), number: notice.number, sha256, pdfUrl: url, htmlUrl: `${url}.html` }];
  });
}

/**
 * A case's notice (its PDF, or its printable HTML with ".html") for a signed-in cadre who may
 * act on the case (its department's, or a supervisor, never an accused department), and only a
 * notice of that case: anyone else gets the same 404 as a case that does not exist.
 */
export function mountCaseNotices(http: HttpMount, deps: DashboardDeps): void {
  http.mount("/dashboard/api/cases", (req, res, url) => {
    const match = NOTICE_PATH.exec(url.pathname);
    if (!match?.[1] || !match[2]) return false;
    const [number, id, html] = [match[1].toUpperCase(), match[2], match[3] !== undefined];
    return answering(res, async () => {
      requireMethod(req, "GET", "HEAD");
      const cadre = await signedInCadre(deps, req);
      const c = await findCase(deps.db, { number });
      const notice = c !== null && mayActOn(cadre, c) ? await findNotice(deps.db, id) : undefined;
      if (!notice || notice.caseId !== c?.id) throw new HttpError(404, "no such notice on a case you may see");
      sendNotice(req, res, notice, html ? "html" : "pdf");
    });
  });
}
