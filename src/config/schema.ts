import { z } from "zod";
import { isPasswordHash, looksLikePasswordHash } from "./password-hash";
import { emergencyKinds, type EmergencyKind } from "../vocabulary/emergency-kinds";
import { reviewerOf } from "./review-bodies";

export type { EmergencyKind } from "../vocabulary/emergency-kinds";

/** Per-channel account or chat ids. Ids are strings everywhere: Telegram's are numbers that exceed 2^31. */
const perChannel = z
  .object({ telegram: z.coerce.string(), wechat: z.string(), web: z.string() })
  .partial()
  .strict();

const duration = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(m|h|d)$/, 'a duration such as "30m", "4h" or "3d"');

/** Like a duration, or "15wd": working days, each ending at the calendar's end of day. */
const timeLimit = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(m|h|d|wd)$/, 'a time limit such as "30m", "4h", "3d" or "15wd" (working days)');

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day such as "09:00"');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as "2026-10-01"');

/** A keyword, or `{ word: weight }` (YAML: `[路灯, 燃气: 3]`). */
const keyword = z.union([z.string().min(1), z.record(z.string().min(1), z.number().positive()).refine((o) => Object.keys(o).length === 1, "one word: its weight, e.g. 燃气: 3")]);

const emergencyKindSchema = z.enum(emergencyKinds);

const stageLimits = z.object({ accept: timeLimit, firstAnswer: timeLimit, finish: timeLimit }).strict();

export const localeSchema = z.enum(["zh-Hans", "zh-Hant", "en"]);

const deploymentShape = z
  .object({
    /** The county or office, shown in greetings. */
    name: z.string().min(1),
    timezone: z.string().min(1),
    locale: localeSchema,
    caseNumberPrefix: z.string().regex(/^[A-Z]{1,6}$/, "1 to 6 capital letters"),
    categories: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z0-9_-]+$/, "lowercase letters, digits, - or _"),
          name: z.string().min(1),
          /** Words that point to the category; `word: 3` weighs a word more than the others. */
          keywords: z.array(keyword),
          /** Phrases residents write about it, as they write them: what the classifier learns from, with the keywords. */
          examples: z.array(z.string().min(1)).default([]),
          /** Safety first: of two close readings the one with the higher priority wins (gas before housing). */
          priority: z.number().int().min(0).max(9).default(0),
        }).strict(),
      )
      .min(1),
    communities: z.array(
      z.object({
        id: z.string().regex(/^[a-z0-9_-]+$/, "lowercase letters, digits, - or _"),
        name: z.string().min(1),
        keywords: z.array(z.string().min(1)).default([]),
      }).strict(),
    ),
    departments: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z0-9_-]+$/, "lowercase letters, digits, - or _"),
          name: z.string().min(1),
          /** Other names a cadre may type in /transfer. */
          aliases: z.array(z.string()).default([]),
          categories: z.array(z.string()),
          groups: perChannel.default({}),
          /**
           * Who reviews (复查) this department's answers and re-reviews (复核) the reviews it gives: a
           * department id, its higher body (信访工作条例 Art. 35–36); unset: the deployment's
           * `reviewBody`; null: its higher body is outside this deployment (src/config/review-bodies.ts).
           */
          reviewBy: z.string().nullable().optional(),
          /** The body that receives reports about departments and officials (信访工作条例 Art. 30; the 信访局, a 纪检 group): at most one. */
          receivesReports: z.boolean().default(false),
          /**
           * Where reports about this department or its cadres go instead: a department id; unset: the
           * one that `receivesReports`, which must itself name another (the 信访局's go to the county government).
           */
          reportsTo: z.string().optional(),
          /** 常用语: the department's ready answers, offered in the workspace's reply forms (a title to pick by, the words to send). */
          cannedReplies: z.array(z.object({ title: z.string().min(1).max(40), text: z.string().min(1).max(2000) }).strict()).default([]),
        }).strict(),
      )
      .min(1),
    cadres: z.array(
      z.object({
        id: z.string().regex(/^[a-z0-9_-]+$/, "lowercase letters, digits, - or _"),
        name: z.string().min(1),
        department: z.string(),
        /** A lead (组长, 科长) handles like a handler and may also assign (指派) the department's cases. */
        role: z.enum(["handler", "lead", "supervisor"]),
        communities: z.array(z.string()).default([]),
        accounts: perChannel,
        /**
         * Password for the workspace (its one sign-in serves every page): a hash from
         * `npm run hash-password` (recommended), or plain text for trials.
         */
        webPassword: z.string().min(4).optional(),
        /**
         * false: gone (left, on long leave) but kept in the file so their past work still shows
         * their name: they cannot sign in, get no new cases, cannot be assigned any, and their open
         * cases go to a colleague at start, as when a cadre is removed from the file.
         */
        active: z.boolean().default(true),
      }).strict(),
    ),
    /**
     * Where Minqing tells the people who run it about channel trouble (WeChat logged out, and
     * back): a chat id per channel, like a department's groups. News of a channel goes to the others.
     */
    operatorChats: perChannel.default({}),
    /**
     * What makes an appeal an emergency, by kind (the kind chooses the advice the resident gets
     * first): filed at once, posted as an alarm, answered within hours. `words` may hold
     * "A…B" (A, then B later in the message); `category` is where it goes when the words alone do
     * not say; `line`: a number to call (the gas company's repair line).
     */
    emergencies: z.array(
      z.object({
        kind: emergencyKindSchema,
        words: z.array(z.string().min(1)).min(1),
        category: z.string().optional(),
        line: z.string().min(1).optional(),
      }).strict(),
    ),
    /** How residents' words are read (src/understanding/). */
    understanding: z
      .object({
        /** Below this confidence (0–1) in the likeliest category the resident is asked, offered the likeliest first. */
        askBelow: z.number().min(0).max(1),
        /** How many example phrases a keyword of weight 1 counts as. */
        keywordWeight: z.number().positive(),
        /** More words for the segmenter (place names, local terms); communities, keywords and emergencies are added by themselves. */
        words: z.array(z.string().min(1)).default([]),
        /** Misspellings residents type (mostly pinyin input slips), and what they mean. */
        typos: z.record(z.string().min(1), z.string().min(1)).default({}),
        /** Phrases that hold an emergency's word but are none (打不着火, 火灾隐患). */
        notEmergencies: z.array(z.string().min(1)).default([]),
        /** After an emergency is filed, or a repeat is added to its case, the resident's next words go to that case for this long. */
        supplementFor: duration,
        /**
         * Repeat appeals (信访工作条例 Art. 20): a new appeal at least this similar (0–1, by the
         * words they share) to an open case is the same matter: the same resident's is added to
         * it; another resident's, of the same category and community and filed `within`, is marked
         * on the card as possibly the same.
         */
        sameMatter: z.object({ similarity: z.number().min(0).max(1), within: duration }).strict(),
      })
      .strict(),
    /** Time limits per stage: to accept, to give a first answer, to finish (from acceptance). */
    timeLimits: z
      .object({
        urgent: stageLimits,
        normal: stageLimits,
        /** Per category, e.g. faster for gas: { gas: { normal: { accept: 2h } } }. */
        categories: z.record(z.string(), z.object({ urgent: stageLimits.partial(), normal: stageLimits.partial() }).partial().strict()).default({}),
        /** To finish a review (复查) from when the resident asked for it. */
        review: timeLimit,
        /** To finish a re-review (复核) from when the resident asked for it; unset: as `review`. */
        reReview: timeLimit.optional(),
        /** How long after resolution a resident may ask for a review (and after the review's answer, for a re-review). */
        reviewWindow: timeLimit,
        /** The longest extension a supervisor may approve. */
        maxExtension: timeLimit,
      })
      .strict(),
    calendar: z
      .object({
        /** Days of the week off, 0 = Sunday … 6 = Saturday. */
        weekend: z.array(z.number().int().min(0).max(6)),
        /**
         * Count the State Council's public holidays and make-up working days (国务院办公厅关于XXXX年部分节假日安排的通知)
         * for the years that ship in src/calendar/cn-public-holidays.ts, each with its source. On unless
         * set to false; a year not shipped yet is weekends only until its notice is added (here or below).
         */
        nationalSchedule: z.boolean().default(true),
        /** The county's own days off (a local festival, or next year's national ones before a release carries them), added to the national ones. */
        holidays: z.array(isoDate),
        /** The county's own weekend days that are worked (调休), added to the national ones; a date here is worked even in a national holiday. */
        workdays: z.array(isoDate),
        endOfDay: clockTime,
      })
      .strict()
      .superRefine((c, ctx) => {
        const holidays = new Set(c.holidays);
        for (const date of c.workdays.filter((d) => holidays.has(d)))
          ctx.addIssue({ code: "custom", path: ["workdays"], message: `${date} is in both holidays and workdays` });
      }),
    reminders: z
      .object({
        /** How long before a deadline the responsible cadre is reminded. */
        dueSoon: z.object({ urgent: duration, normal: duration }).strict(),
        /** Non-urgent reminders wait until the end of these hours; null for none. */
        quietHours: z.object({ from: clockTime, to: clockTime }).strict().nullable(),
        /** A resident who heard nothing for this long is told the case is still being handled. */
        residentUpdateEvery: duration,
        /** After resolution: the rating prompt is repeated once after this long… */
        ratingReminderAfter: duration,
        /** …and the case closes unrated after this long. */
        closeUnratedAfter: duration,
        dailyDigest: clockTime,
        weeklyDigest: z.object({ weekday: z.number().int().min(0).max(6), time: clockTime }).strict(),
      })
      .strict(),
    /** Per resident: beyond these they are asked, politely, to slow down; others are not affected. */
    limits: z
      .object({
        messagesPerMinute: z.number().int().min(1),
        /** Urgent appeals are exempt (from this per-resident limit; the web chat's per-address limits below give them a reserve instead). */
        appealsPerHour: z.number().int().min(1),
        /**
         * The web chat, where anyone can make up a new resident id for every message: limits per
         * client address (an IPv6 /64) and overall. Urgent messages get `urgentReserve` more in each
         * window, never more (src/http/resident-chat/resident-guard.ts). A whole village may share one address.
         */
        web: z
          .object({
            messagesPerMinutePerAddress: z.number().int().min(1),
            newResidentsPerHourPerAddress: z.number().int().min(1),
            newResidentsPerMinute: z.number().int().min(1),
            urgentReserve: z.number().int().min(0),
            streamsPerAddress: z.number().int().min(1),
            streamsTotal: z.number().int().min(1),
          })
          .strict(),
      })
      .strict(),
    /**
     * Reports about a department or an official (举报, 信访工作条例 Art. 30): never routed to the
     * department they accuse, which never sees them (src/routing/reports.ts, src/cases/authority.ts),
     * but to the department that `receivesReports` (none: the rule is off). `words`: misconduct
     * (不作为, 索要 …) that makes a report when said of a department's name or alias or a cadre's name
     * (within a few words after it); `reportWords` (举报, 检举 …) make one only with an official named:
     * a cadre, or one of `officials` right after a department's name (城管队员, 派出所的民警), since
     * residents 举报 ordinary problems to the department whose business they are (src/understanding/
     * accusation.ts); `startWords`: what a resident says (or the web page's chip sends) to report an
     * official, naming no one yet; `category`: what reports are filed under (unset: the receiving
     * body's first category).
     */
    reports: z
      .object({
        words: z.array(z.string().min(1)).default([]),
        reportWords: z.array(z.string().min(1)).default([]),
        officials: z.array(z.string().min(1)).default([]),
        startWords: z.array(z.string().min(1)).default([]),
        category: z.string().optional(),
      })
      .strict()
      .default({ words: [], reportWords: [], officials: [], startWords: [] }),
    /**
     * The written notices (告知书, 意见书; src/notices/): `issuer`, the 发文机关标志 printed in red
     * above them (the deployment's name if unset); `seal`, a PNG of the seal (印章) to print over
     * the signature, by its path (relative to where the service starts), or none.
     */
    notices: z.object({ issuer: z.string().min(1).optional(), seal: z.string().min(1).optional() }).strict().default({}),
    /** The county-level body (a department id, e.g. the 信访局) that reviews the answers of departments naming no `reviewBy`. */
    reviewBody: z.string().nullable().default(null),
    /** The supervisors' group (督办) that hears of overdue cases and gets the weekly digest. */
    supervisorsGroup: perChannel.default({}),
    /** Other systems (a 12345 hotline, a statistics portal) that use the open API, each with its own key. */
    apiKeys: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z0-9_-]+$/, "lowercase letters, digits, - or _"),
          name: z.string().min(1),
          key: z.string().regex(/^[A-Za-z0-9_-]{24,128}$/, "24 to 128 characters A-Z a-z 0-9 _ - (e.g. from `openssl rand -base64 32 | tr +/ -_`)"),
          /** read: services and requests; file: also file requests for residents. */
          scopes: z.array(z.enum(["read", "file"])).min(1).default(["read", "file"]),
        }).strict(),
      )
      .default([]),
  })
  .strict();

export const deploymentSchema = deploymentShape.superRefine((c, ctx) => {
    checkLegalBounds(c.timeLimits, ctx);
    const ids = (xs: { id: string }[]) => new Set(xs.map((x) => x.id));
    const categories = ids(c.categories);
    const communities = ids(c.communities);
    const departments = ids(c.departments);
    c.departments.forEach((d, i) =>
      d.categories.forEach((cat, j) => {
        if (!categories.has(cat))
          ctx.addIssue({ code: "custom", path: ["departments", i, "categories", j], message: `unknown category "${cat}"; expected one of ${[...categories].join(", ")}` });
      }),
    );
    c.categories.forEach((cat, i) => {
      if (!c.departments.some((d) => d.categories.includes(cat.id)))
        ctx.addIssue({ code: "custom", path: ["categories", i], message: `category "${cat.id}" is handled by no department` });
    });
    c.cadres.forEach((cadre, i) => {
      if (!departments.has(cadre.department))
        ctx.addIssue({ code: "custom", path: ["cadres", i, "department"], message: `unknown department "${cadre.department}"; expected one of ${[...departments].join(", ")}` });
      cadre.communities.forEach((com, j) => {
        if (!communities.has(com))
          ctx.addIssue({ code: "custom", path: ["cadres", i, "communities", j], message: `unknown community "${com}"` });
      });
    });
    checkReviewBodies(c, departments, ctx);
    checkReports(c, departments, categories, ctx);
    c.departments.forEach((d, i) => {
      const members = c.cadres.filter((cadre) => cadre.department === d.id);
      if (members.length === 0)
        ctx.addIssue({ code: "custom", path: ["departments", i], message: `department "${d.id}" has no cadre: its cases would have no owner` });
      else if (!members.some((cadre) => cadre.active))
        ctx.addIssue({ code: "custom", path: ["departments", i], message: `department "${d.id}" has no active cadre (all are active: false): its cases would have no owner` });
    });
    const signInNames = new Map<string, string>();
    c.cadres.forEach((cadre, i) => {
      if (cadre.webPassword !== undefined && looksLikePasswordHash(cadre.webPassword) && !isPasswordHash(cadre.webPassword))
        ctx.addIssue({ code: "custom", path: ["cadres", i, "webPassword"], message: "looks like a hash but is not one npm run hash-password makes (scrypt$N$r$p$salt$hash)" });
      const name = signInName(cadre);
      const other = signInNames.get(name);
      if (other !== undefined)
        ctx.addIssue({ code: "custom", path: ["cadres", i], message: `signs in as "${name}", as cadre "${other}" does; give one of them another web account` });
      signInNames.set(name, cadre.id);
    });
    const keys = new Set<string>();
    c.apiKeys.forEach((k, i) => {
      if (keys.has(k.key)) ctx.addIssue({ code: "custom", path: ["apiKeys", i, "key"], message: "the same key as another client: give each its own" });
      keys.add(k.key);
    });
    for (const [name, list] of [["categories", c.categories], ["communities", c.communities], ["departments", c.departments], ["cadres", c.cadres], ["apiKeys", c.apiKeys]] as const) {
      const seen = new Set<string>();
      list.forEach((x, i) => {
        if (seen.has(x.id)) ctx.addIssue({ code: "custom", path: [name, i, "id"], message: `duplicate id "${x.id}"` });
        seen.add(x.id);
      });
    }
  });

/** What a cadre types as the account on the sign-in pages: their web account, else their id. */
export function signInName(cadre: { id: string; accounts: { web?: string | undefined } }): string {
  return cadre.accounts.web ?? cadre.id;
}

export type Deployment = z.infer<typeof deploymentSchema>;
export type ApiKey = Deployment["apiKeys"][number];
export type Locale = z.infer<typeof localeSchema>;
export type Department = Deployment["departments"][number];
export type Cadre = Deployment["cadres"][number];
export type Category = Deployment["categories"][number];
export type Community = Deployment["communities"][number];
export type Emergency = Deployment["emergencies"][number];
export type Understanding = Deployment["understanding"];

/** A category's keywords with their weights (1 unless the configuration says otherwise). */
export function weightedKeywords(category: Category): { word: string; weight: number }[] {
  return category.keywords.flatMap((k) => (typeof k === "string" ? [{ word: k, weight: 1 }] : Object.entries(k).map(([word, weight]) => ({ word, weight }))));
}

/**
 * The Regulations on Letters and Visits (信访工作条例, 2022) are the outer bound no deployment
 * may exceed. A working day is at least a day, so "15wd" is refused where 15 days is the most.
 */
export const legalBoundDays = { accept: 15, finish: 60, maxExtension: 30, reviewWindow: 30, review: 30, reReview: 30 } as const;

/**
 * Each `reviewBy` and the `reviewBody` name a department; none reviews itself; and a re-review
 * never goes back to the department whose answer was reviewed (A reviewed by B, B by A).
 */
function checkReviewBodies(c: z.infer<typeof deploymentShape>, departments: Set<string>, ctx: z.RefinementCtx): void {
  const known = (id: string) => (departments.has(id) ? null : `unknown department "${id}"; expected one of ${[...departments].join(", ")}`);
  const bodyProblem = c.reviewBody === null ? null : known(c.reviewBody);
  if (bodyProblem) ctx.addIssue({ code: "custom", path: ["reviewBody"], message: bodyProblem });
  c.departments.forEach((d, i) => {
    if (d.reviewBy === undefined || d.reviewBy === null) return;
    const problem = d.reviewBy === d.id ? `department "${d.id}" cannot review its own answers; name its higher body` : known(d.reviewBy);
    if (problem) ctx.addIssue({ code: "custom", path: ["departments", i, "reviewBy"], message: problem });
  });
  if (bodyProblem) return;
  c.departments.forEach((d, i) => {
    const reviewer = reviewerOf(c, d.id);
    const reReviewer = reviewer === null ? null : reviewerOf(c, reviewer);
    if (reReviewer === d.id)
      ctx.addIssue({ code: "custom", path: ["departments", i, "reviewBy"], message: `a re-review (复核) of "${d.id}"'s cases would go back to "${d.id}" (reviewed by "${reviewer}", which "${d.id}" reviews): name "${reviewer}"'s higher body, or null if it is outside this deployment` });
  });
}

/**
 * `reports.to`, `reports.category` and each `reportsTo` name what exists, and no department's
 * reports go to itself (the 信访局's own need another body).
 */
function checkReports(c: z.infer<typeof deploymentShape>, departments: Set<string>, categories: Set<string>, ctx: z.RefinementCtx): void {
  c.departments.forEach((d, i) => {
    if (d.reportsTo === undefined) return;
    if (!departments.has(d.reportsTo)) ctx.addIssue({ code: "custom", path: ["departments", i, "reportsTo"], message: `unknown department "${d.reportsTo}"; expected one of ${[...departments].join(", ")}` });
    else if (d.reportsTo === d.id) ctx.addIssue({ code: "custom", path: ["departments", i, "reportsTo"], message: `reports about "${d.id}" cannot go to "${d.id}" itself (信访工作条例 Art. 30)` });
  });
  const receivers = c.departments.map((d, i) => ({ d, i })).filter(({ d }) => d.receivesReports);
  receivers.slice(1).forEach(({ i }) => ctx.addIssue({ code: "custom", path: ["departments", i, "receivesReports"], message: `only one department receives the reports; "${receivers[0]!.d.id}" does already` }));
  const receiver = receivers[0];
  if (!receiver) return;
  if (receiver.d.reportsTo === undefined)
    ctx.addIssue({ code: "custom", path: ["departments", receiver.i, "reportsTo"], message: `"${receiver.d.id}" receives the reports: name the body that receives reports about "${receiver.d.id}" itself (信访工作条例 Art. 30)` });
  const category = c.reports.category ?? receiver.d.categories[0];
  if (category === undefined) ctx.addIssue({ code: "custom", path: ["reports", "category"], message: `"${receiver.d.id}" handles no category: name the one reports are filed under` });
  else if (!categories.has(category)) ctx.addIssue({ code: "custom", path: ["reports", "category"], message: `unknown category "${category}"` });
}

function checkLegalBounds(limits: z.infer<typeof deploymentShape>["timeLimits"], ctx: z.RefinementCtx): void {
  const check = (value: string | undefined, bound: number, path: (string | number)[]) => {
    if (value !== undefined && limitInDaysAtLeast(value) > bound)
      ctx.addIssue({ code: "custom", path: ["timeLimits", ...path], message: `"${value}" exceeds the legal limit of ${bound} days (信访工作条例)` });
  };
  for (const urgency of ["urgent", "normal"] as const) {
    check(limits[urgency].accept, legalBoundDays.accept, [urgency, "accept"]);
    check(limits[urgency].finish, legalBoundDays.finish, [urgency, "finish"]);
  }
  for (const [category, byUrgency] of Object.entries(limits.categories)) {
    for (const urgency of ["urgent", "normal"] as const) {
      check(byUrgency[urgency]?.accept, legalBoundDays.accept, ["categories", category, urgency, "accept"]);
      check(byUrgency[urgency]?.finish, legalBoundDays.finish, ["categories", category, urgency, "finish"]);
    }
  }
  check(limits.maxExtension, legalBoundDays.maxExtension, ["maxExtension"]);
  check(limits.reviewWindow, legalBoundDays.reviewWindow, ["reviewWindow"]);
  check(limits.review, legalBoundDays.review, ["review"]);
  check(limits.reReview, legalBoundDays.reReview, ["reReview"]);
}

/** The least number of days a limit can span. */
function limitInDaysAtLeast(limit: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(m|h|d|wd)$/.exec(limit);
  if (!match) return 0;
  const n = Number(match[1]);
  return match[2] === "m" ? n / 1440 : match[2] === "h" ? n / 24 : n;
}
