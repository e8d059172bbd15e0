import { randomUUID } from "node:crypto";
import type { Transact } from "../../db/tx";
import type { CaseService } from "../../cases/case-service";
import type { ApiKey } from "../../config/schema";
import type { Draft } from "../../intake/draft";
import type { Understanding } from "../../understanding";
import { registerResident } from "../../intake/register-resident";
import { InvalidField } from "../../case-filters/invalid-field";
import { oneOf } from "../../case-filters/filter";
import type { Directory } from "../../config/directory";

/** As long as an appeal typed in a chat may be. */
const MAX_DESCRIPTION_CHARS = 5000;

export interface RequestToFile {
  draft: Draft & { categoryId: string };
  /** The resident in the filing system, so their repeated filings share one resident record. */
  accountId: string | null;
  displayName: string | null;
}

/**
 * An Open311 POST's fields as an appeal: `service_code` and `description` required; `lat`/`long`,
 * `address_string`, `media_url`, `attribute[community]`, `attribute[urgent]`, `account_id`,
 * `first_name`, `last_name` optional. Contact fields (email, phone, device_id) are not kept: the
 * filing system keeps its own contact with the resident.
 */
export function parseRequestToFile(body: Record<string, unknown>, directory: Directory, understanding: Understanding): RequestToFile {
  const fields = flattenAttributes(body);
  const str = (name: string, max: number): string | undefined => {
    const value = fields[name];
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string" && typeof value !== "number") throw new InvalidField(name, "must be a string");
    const text = String(value).trim();
    if ([...text].length > max) throw new InvalidField(name, `at most ${max} characters`);
    if (text.includes("\u0000")) throw new InvalidField(name, "must not contain NUL characters");
    return text === "" ? undefined : text;
  };
  const code = str("service_code", 64);
  if (!code) throw new InvalidField("service_code", "required: one of the service codes from services.json");
  const categoryId = oneOf("service_code", code, directory.categories.map((c) => c.id));
  const description = str("description", MAX_DESCRIPTION_CHARS);
  if (!description) throw new InvalidField("description", "required: what the resident reported, in their words");
  const address = str("address_string", 500);
  const mediaUrl = str("media_url", 2000);
  if (mediaUrl !== undefined && !/^https?:\/\/\S+$/.test(mediaUrl)) throw new InvalidField("media_url", "must be an http:// or https:// URL");

  const location = coordinates(str("lat", 32), str("long", 32));
  const community = str("attribute[community]", 64);
  const communityId = community ? oneOf("attribute[community]", community, directory.communities.map((c) => c.id)) : understanding.read(`${address ?? ""}\n${description}`).communityId;
  const urgentAttribute = str("attribute[urgent]", 5);
  if (urgentAttribute !== undefined && urgentAttribute !== "true" && urgentAttribute !== "false") throw new InvalidField("attribute[urgent]", "true or false");
  // The cadres read one text: the resident's words, then where and what was attached.
  const texts = [description, ...(address ? [`📍 ${address}`] : []), ...(mediaUrl ? [`📎 ${mediaUrl}`] : [])];
  const emergency = understanding.emergencyIn(description);

  const name = [str("first_name", 64), str("last_name", 64)].filter((x) => x !== undefined).join(" ");
  return {
    draft: {
      texts,
      photos: [],
      location,
      categoryId,
      communityId: communityId ?? null,
      urgent: urgentAttribute === "true" || emergency !== null,
      emergency: emergency?.kind ?? null,
    },
    accountId: str("account_id", 128) ?? null,
    displayName: name === "" ? null : name,
  };
}

/**
 * Files the appeal as a chat intake does: a resident record (channel "api"), then CaseService
 * creates the case, its timeline event and the card for the department's group, in one transaction.
 */
export async function fileRequest(transact: Transact, cases: CaseService, directory: Directory, client: ApiKey, request: RequestToFile): Promise<{ number: string; answerDueAt: Date }> {
  return transact(async (tx) => {
    const { resident } = await registerResident(tx, {
      channel: "api",
      // Scoped by client: two systems' account "42" are two people.
      accountId: `${client.id}:${request.accountId ?? randomUUID()}`,
      displayName: request.displayName,
      locale: directory.deployment.locale,
    });
    const c = await cases.create(tx, resident, client.id, request.draft);
    return { number: c.number, answerDueAt: c.answerDueAt };
  });
}

function coordinates(lat: string | undefined, long: string | undefined): Draft["location"] {
  if (lat === undefined && long === undefined) return null;
  if (lat === undefined) throw new InvalidField("lat", "required with long");
  if (long === undefined) throw new InvalidField("long", "required with lat");
  const latitude = Number(lat);
  const longitude = Number(long);
  if (!/^-?\d+(\.\d+)?$/.test(lat) || latitude < -90 || latitude > 90) throw new InvalidField("lat", "a number from -90 to 90");
  if (!/^-?\d+(\.\d+)?$/.test(long) || longitude < -180 || longitude > 180) throw new InvalidField("long", "a number from -180 to 180");
  return { latitude, longitude };
}

/** A JSON body may nest the attributes (`"attribute": { "community": "…" }`); a form spells them `attribute[community]`. */
function flattenAttributes(body: Record<string, unknown>): Record<string, unknown> {
  const nested = body["attribute"];
  if (typeof nested !== "object" || nested === null || Array.isArray(nested)) return body;
  const flat: Record<string, unknown> = { ...body };
  for (const [key, value] of Object.entries(nested)) flat[`attribute[${key}]`] = value;
  return flat;
}
