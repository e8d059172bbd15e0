import { z } from "zod";

/** Per-channel account or chat ids. Ids are strings everywhere: Telegram's are numbers that exceed 2^31. */
const perChannel = z
  .object({ telegram: z.coerce.string(), wechat: z.string(), web: z.string() })
  .partial()
  .strict();

const duration = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(m|h|d)$/, 'a duration such as "30m", "4h" or "3d"');

export const localeSchema = z.enum(["zh-Hans", "zh-Hant", "en"]);

export const deploymentSchema = z
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
          keywords: z.array(z.string().min(1)),
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
        }).strict(),
      )
      .min(1),
    cadres: z.array(
      z.object({
        id: z.string().regex(/^[a-z0-9_-]+$/, "lowercase letters, digits, - or _"),
        name: z.string().min(1),
        department: z.string(),
        role: z.enum(["handler", "supervisor"]),
        communities: z.array(z.string()).default([]),
        accounts: perChannel,
        /** Password for the built-in web chat's cadre page. */
        webPassword: z.string().min(4).optional(),
      }).strict(),
    ),
    /**
     * Where Minqing tells the people who run it about channel trouble (WeChat logged out, and
     * back): a chat id per channel, like a department's groups. News of a channel goes to the others.
     */
    operatorChats: perChannel.default({}),
    /** Words that make an appeal urgent: posted as an alarm, answered within hours. */
    urgentKeywords: z.array(z.string().min(1)),
    /** How soon a resident can expect a first answer. */
    answerWithin: z.object({ urgent: duration, normal: duration }).strict(),
  })
  .strict()
  .superRefine((c, ctx) => {
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
    c.departments.forEach((d, i) => {
      if (!c.cadres.some((cadre) => cadre.department === d.id))
        ctx.addIssue({ code: "custom", path: ["departments", i], message: `department "${d.id}" has no cadre: its cases would have no owner` });
    });
    for (const [name, list] of [["categories", c.categories], ["communities", c.communities], ["departments", c.departments], ["cadres", c.cadres]] as const) {
      const seen = new Set<string>();
      list.forEach((x, i) => {
        if (seen.has(x.id)) ctx.addIssue({ code: "custom", path: [name, i, "id"], message: `duplicate id "${x.id}"` });
        seen.add(x.id);
      });
    }
  });

export type Deployment = z.infer<typeof deploymentSchema>;
export type Locale = z.infer<typeof localeSchema>;
export type Department = Deployment["departments"][number];
export type Cadre = Deployment["cadres"][number];
export type Category = Deployment["categories"][number];
export type Community = Deployment["communities"][number];
