import { mayActOn } from "../../cases/authority";
import type { Attachment } from "../../channels/port";
import { findCase } from "../../db/repositories/case-repository";
import { answering } from "../error-response";
import { HttpError, requireMethod } from "../http-io";
import type { HttpMount } from "../router";
import { sendPhoto } from "../send-photo";
import type { WebPhotos } from "../../web-chat/web-photos";
import { signedInCadre, type DashboardDeps } from "./context";

const PHOTO_PATH = /^\/dashboard\/api\/cases\/([A-Za-z0-9-]{1,40})\/photos\/([A-Za-z0-9_-]{1,64})$/;

/** Where a cadre's page loads a case's photo: only web residents' photos are kept by this service. */
export function casePhotoUrl(caseNumber: string, photo: Attachment): string | null {
  return photo.channel === "web" ? `/dashboard/api/cases/${encodeURIComponent(caseNumber)}/photos/${encodeURIComponent(photo.fileId)}` : null;
}

/**
 * A case's photo for a signed-in cadre who may see the case (its department's, or a supervisor),
 * and only a photo attached to that case: anyone else, and any other photo, gets the same 404 as
 * a case that does not exist. Mounted on its own, longer prefix, so the dashboard's routes need not know.
 */
export function mountCasePhotos(http: HttpMount, deps: DashboardDeps, photos: WebPhotos): void {
  http.mount("/dashboard/api/cases", (req, res, url) => {
    const match = PHOTO_PATH.exec(url.pathname);
    if (!match?.[1] || !match[2]) return false;
    const [number, id] = [match[1].toUpperCase(), match[2]];
    return answering(res, async () => {
      requireMethod(req, "GET", "HEAD");
      const cadre = await signedInCadre(deps, req);
      const c = await findCase(deps.db, { number });
      const attached = c !== null && mayActOn(cadre, c) && c.photos.some((p) => p.channel === "web" && p.fileId === id);
      const photo = attached ? await photos.byId(id) : undefined;
      if (!photo) throw new HttpError(404, `no such photo on a case you may see`);
      sendPhoto(req, res, photo);
    });
  });
}
