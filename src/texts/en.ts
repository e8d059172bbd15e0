import { dateTimeFormat, dayAndTime } from "../calendar/date-format";
import type { CaseView, CommandName, DigestCounts, EventView, NoticeKind, NoticeTexts, NudgeStage, Texts, WebChatWording } from "./texts";
import type { ReviewStage } from "../vocabulary/case-states";

const states = {
  submitted: "Waiting to be accepted",
  accepted: "Accepted",
  in_progress: "Being handled",
  resolved: "Resolved (waiting for rating)",
  closed: "Closed",
  rejected: "Not accepted",
  withdrawn: "Withdrawn",
  merged: "Merged with another appeal",
} as const;

const events = {
  created: "Appeal submitted",
  accept: "Accepted",
  reply: "Reply",
  reject: "Not accepted",
  transfer: "Transferred",
  resolve: "Resolved",
  note: "Internal note",
  rate: "Rating",
  withdraw: "Withdrawn",
  extend_request: "Extension requested",
  extend_approve: "Extension approved",
  extend_deny: "Extension not approved",
  review: "Review requested",
  close_unrated: "Closed automatically (no rating received in time)",
  reassign: "Reassigned",
  resident_notified: "Resident told it is still being handled",
  assign: "Assigned",
  supplement: "Added by the resident",
  merge: "Merged",
  unmerge: "Handled on its own again",
} as const;

/** Completes "Appeal MQ-… ___ (deadline: …)". */
const reviewWord: Record<ReviewStage, string> = { review: "review", re_review: "re-review" };

const stages: Record<NudgeStage, string> = {
  accept_soon: "must be accepted soon",
  accept_overdue: "is past its deadline for acceptance",
  answer_soon: "needs a reply soon",
  answer_overdue: "is past its deadline for a reply",
  finish_soon: "must be resolved soon",
  finish_overdue: "is past its deadline for resolution",
};

const dueOf = (c: CaseView, stage: NudgeStage) =>
  stage.startsWith("accept") ? c.acceptDueAt : stage.startsWith("answer") ? c.answerDueAt : (c.finishDueAt ?? c.answerDueAt);

const digestLine = (d: DigestCounts) =>
  `New: ${d.new} | Open: ${d.open} | Due today: ${d.dueToday} | Overdue: ${d.overdue} | Awaiting rating: ${d.unrated}`;

const usages: Record<CommandName, string> = {
  accept: "/accept case-number (or reply /accept to, or quote, the appeal card)",
  reject: "/reject case-number reason for not accepting",
  reply: "/reply case-number your reply (or simply reply to, or quote, the appeal card)",
  transfer: "/transfer case-number department-name [reason for transfer]",
  resolve: "/resolve case-number outcome",
  note: "/note case-number note text (internal only)",
  mine: "/mine",
  case: "/case case-number",
  withdraw: "/withdraw case-number",
  extend: "/extend case-number days reason for the extension (needs a supervisor's approval)",
  approve: "/approve case-number (supervisor approves the extension)",
  deny: "/deny case-number reason for not approving",
  review: "/review case-number reason for asking for a review",
  assign: "/assign case-number cadre-name [note] (a department lead or a supervisor)",
  merge: "/merge case-number lead-case-number (the same matter reported by several residents: handled as the lead)",
};

const numbered = (options: string[]) => options.map((o, i) => `${i + 1}. ${o}`).join("\n");
const channels = { wechat: "WeChat", telegram: "Telegram", web: "web chat" } as const;
const stars = (n: number) => "★".repeat(n) + "☆".repeat(5 - n);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The receipt of a filed case, and what its channel says of following it. */
const receipt = (c: CaseView, followUp: string) => ["✅ Your appeal has been registered", `Case number: ${c.number}`, `Department: ${c.department}`, `You should get a reply by ${c.answerDueAt}`, "", followUp].join("\n");

function caseHeader(c: CaseView): string {
  return [
    `Case number: ${c.number}${c.urgent ? " (urgent)" : ""}`,
    `Status: ${states[c.state]}`,
    `Category: ${c.category}${c.community ? ` | Community: ${c.community}` : ""}`,
    `Department: ${c.department}`,
    `Submitted: ${c.createdAt}`,
    `Reply due by: ${c.answerDueAt}`,
    ...(c.finishDueAt ? [`Resolution due by: ${c.finishDueAt}`] : []),
    ...(c.reviewCount > 0 ? [`Reviews: ${c.reviewCount}`] : []),
    ...(c.rating ? [`Rating: ${stars(c.rating)}`] : []),
  ].join("\n");
}

function timeline(list: EventView[]): string {
  return list
    .map((e) => `· ${e.at} ${e.actor}: ${events[e.type]}${e.internal ? " (internal)" : ""}${e.body ? ` — ${e.body}` : ""}`)
    .join("\n");
}


const noticeTitles: Record<NoticeKind, string> = {
  accepted: "Notice of Acceptance of an Appeal",
  not_accepted: "Notice of Non-Acceptance of an Appeal",
  extended: "Notice of Extension of the Time Limit",
  answer: "Decision on an Appeal",
  review_answer: "Decision on Review",
  re_review_answer: "Decision on Re-review",
};

/** A translation of the notices' legal text (zh-Hans.ts is the original). */
const enNotice: NoticeTexts = {
  title: (kind) => noticeTitles[kind],
  addressee: (name) => `To ${name ?? "the appellant"}:`,
  body: (kind, f) => {
    const received = `Your appeal of ${f.filedOn} (no. ${f.caseNumber}, "${f.matter}")`;
    switch (kind) {
      case "accepted":
        return [
          `${received} has been received. It meets the conditions of the Regulations on Letters and Visits, and under Article 23 of those Regulations this office accepts it and has referred it to ${f.department}.`,
          `You will be told the decision by ${f.until}. Meanwhile you may follow its progress where you filed it.`,
          "You are hereby notified.",
        ];
      case "not_accepted":
        return [`${received} has been received. It is not accepted, for this reason: ${f.reason}`, "You are hereby notified under Article 23 of the Regulations on Letters and Visits."];
      case "extended":
        return [
          `${received} has been accepted and is being handled by ${f.department}. Because ${f.reason}, it could not be concluded within the time limit; under Article 34 of the Regulations on Letters and Visits the time limit has been extended, with approval, to ${f.until}.`,
          "You are hereby notified.",
        ];
      case "answer":
        return [`${received} has been examined by ${f.department}. The decision is as follows:`, f.reason, `If you disagree, you may ask ${f.nextBody ?? "the next higher authority"} for a review by ${f.until}.`];
      case "review_answer":
        return [`Your request for a review of the decision on appeal no. ${f.caseNumber} has been examined. The decision on review is as follows:`, f.reason, `If you disagree, you may ask ${f.nextBody ?? "the next higher authority"} for a re-review by ${f.until}.`];
      case "re_review_answer":
        return [
          `Your request for a re-review of appeal no. ${f.caseNumber} has been examined. The decision on re-review is as follows:`,
          f.reason,
          "Under Article 36 of the Regulations on Letters and Visits this decision is final: an appeal on the same facts and grounds will not be taken up again.",
        ];
    }
  },
  number: (year, serial) => `[${year}] No. ${serial}`,
  date: (y, m, d) => `${d} ${["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][m - 1]} ${y}`,
  page: (n) => `— ${n} —`,
};

export const en: Texts = {
  notice: enNotice,
  noticeIssued: (title, number, link) => `📄 A written notice has been issued to you: ${title} (${number}).` + (link ? ` Open or download it: ${link}` : " Please keep it."),
  dateTime: (date, timeZone) =>
    dateTimeFormat("en-GB", timeZone, dayAndTime).format(date),
  stateName: (s) => states[s],
  eventName: (t) => events[t],

  greeting: (name) =>
    `Hello! This is Minqing, the appeals service of ${name}. You can report problems and send appeals to government departments right here.\n\n` +
    "· Tell us in words what happened and where; you can also send photos and your location.\n" +
    "· Send /status to see how your appeals are progressing.\n" +
    "· Send /help to see everything you can do.\n\n" +
    "Our promise: every appeal gets an answer, and every matter is followed through.",
  residentHelp:
    "You can:\n" +
    "· Describe a problem to submit an appeal (photos and location are welcome);\n" +
    "· /status to see your appeals;\n" +
    "· /case case-number to see how an appeal has been handled;\n" +
    "· /withdraw case-number to withdraw an appeal;\n" +
    "· /review case-number reason: if you are not satisfied with the outcome, ask for a review within 30 days after the appeal is resolved (by the higher authority); if the review does not satisfy you, you may ask once more for a re-review;\n" +
    "· /cancel to drop the appeal you are writing.\n" +
    "In danger such as a fire, a gas leak or someone injured, please call 119 / 120 / 110 first.",
  describeProblem:
    "Please describe your problem in a sentence or two, for example: \"The street light in front of Building 3 in East Street Community has been broken for a week.\"",
  reportPrompt: (body) =>
    `Please tell us which office or official you are reporting (for example "城管", or a name) and what happened: when, where, how. The ${body} will handle it; it is never passed to the office or person you report (Regulations on Letters and Visits, Art. 30).`,
  reportGoesTo: (body) =>
    `You are reporting the conduct of an office or official: the ${body} will handle it, and it is never passed to the office or person you report (Regulations on Letters and Visits, Art. 30).`,
  askCategory: (options, tap) => `What kind of problem is it? ${tap ? "Tap an option, or reply with its number" : "Reply with its number"}:\n${numbered(options)}`,
  askLikelyCategory: (options, tap) => `Which of these is it most likely about? ${tap ? "Tap an option, or reply with its number" : "Reply with its number"}:\n${numbered(options)}`,
  otherCategoriesOption: "None of these: show all",
  askCommunity: (options, tap) =>
    `Which community (or village) is it in? ${tap ? "Tap an option, or reply with its number" : "Reply with its number"}:\n${numbered(options)}`,
  communityUnknownOption: "Not sure / somewhere else",
  choiceNotUnderstood: (tap) =>
    `Sorry, I didn't understand your choice. Please ${tap ? "tap a button or reply with a number" : "reply with a number"}. Reply "cancel" to drop this appeal.`,
  confirmNotUnderstood: (tap) =>
    `Sorry, I didn't understand. To submit, ${tap ? 'tap "Submit" or reply "confirm"' : 'reply "confirm"'}; to drop it, reply "cancel". You can also add more text or photos.`,
  summary: (d, tap) =>
    [
      "Please check your appeal:",
      `Category: ${d.category ?? "to be decided"}`,
      `Community: ${d.community ?? "not given"}`,
      ...(d.urgent ? ["Urgent: yes (it will be handled first)"] : []),
      ...(d.photos > 0 || d.hasLocation
        ? [`Attached: ${d.photos > 0 ? plural(d.photos, "photo", "photos") : ""}${d.photos > 0 && d.hasLocation ? ", " : ""}${d.hasLocation ? "1 location" : ""}`]
        : []),
      `Details: ${d.text}`,
      "",
      `If everything is correct, ${tap ? 'tap "Submit" or ' : ""}reply "confirm". You can still add more text or photos. Reply "cancel" to drop it.`,
    ].join("\n"),
  confirmButton: "Submit",
  cancelButton: "Cancel",
  photoAdded: (n) => `Photo received (${plural(n, "photo", "photos")} so far). It will be sent with your appeal.`,
  locationAdded: "Location received. It will be sent with your appeal.",
  cancelled: "All right, cancelled. Nothing has been submitted. We are here whenever you need us.",
  nothingToCancel: "You are not writing an appeal at the moment.",
  textTruncated: (limit) => `Your message was long, so we kept the first ${limit} characters.`,
  receipt: (c) => receipt(c, `We will tell you about progress here. Send /status to see all your appeals, or /case ${c.number} to see how this one is being handled.`),
  emergencyAdvice: (kind, line) =>
    kind === null
      ? "⚠️ This has been marked urgent and staff will deal with it as soon as possible. If anyone is in danger, please call 119 / 120 / 110 now."
      : `${
          {
            gas: `⚠️ This may be a gas leak. Please, right now:\n1. Leave the room and take everyone with you;\n2. Do not switch anything on or off, no lights, no flame, no phone calls inside;\n3. Once outside and safe, call the gas company's emergency line${line ? ` ${line}` : ""} or 119.`,
            fire: "🔥 Call 119 now. Get out at once, do not take the lift; cover your nose and mouth with a wet cloth and keep low on the way out; do not go back for belongings.",
            flood: "🌊 Call 119 for help. Keep away from wet appliances and sockets; switch off the mains if you can do so safely; if people are trapped, say how many and where.",
            medical: "🚑 Call 120 for an ambulance now and give the address and what happened; do not move the injured person unless they are in danger (electric shock: cut the power first, never pull them by hand).",
            crime: "🚨 Call 110 now. Keep yourself safe and away from the danger.",
            rescue: "🆘 Call 119 now and say where and how many people are trapped; do not go into danger yourself.",
          }[kind]
        }\nIt has been registered as urgent and staff will act as soon as possible.`,
  emergencyDetails: (n) => `To help quickly, please tell us: (1) the exact place (estate, building, entrance, flat); (2) what is happening (is anyone hurt or trapped?). Just reply here; it is added to appeal ${n}.`,
  supplementAdded: (n, tap) => `Added to appeal ${n}; the staff will see it. If this is a different matter, ${tap ? "tap “File as a new appeal” or " : ""}reply “new”.`,
  alreadyReported: (c, tap, mine) =>
    `You reported this on ${(mine ?? c).createdAt} (appeal ${(mine ?? c).number}${mine ? `, handled together with ${c.number}, the same matter other residents reported` : ""}). What you wrote has been added to ${mine ? c.number : "it"}, so ${c.department} sees it too; there is no need to file it again. If this is a different matter, ${tap ? "tap “File as a new appeal” or " : ""}reply “new”.`,
  newMatterButton: "File as a new appeal",
  supplementHint: (n, tap) => `To add to appeal ${n}, just write. If this is a different matter, ${tap ? "tap “File as a new appeal” or " : ""}reply “new”.`,
  statusList: (cases) =>
    "Your appeals:\n" +
    cases.map((c) => `· ${c.number} [${states[c.state]}] ${c.department}: ${c.text.slice(0, 30)}`).join("\n") +
    "\n\nSend /case case-number for details.",
  noCases: "You have not submitted any appeals yet. Just describe your problem to submit one.",
  caseForResident: (c, list) => `${caseHeader(c)}\nDetails: ${c.text}\n\nHistory:\n${timeline(list)}`,
  caseNotFound: (n) => `We could not find an appeal with case number ${n}. Please check the number. Send /status to see all your appeals.`,
  needCaseNumber: (cmd) => `Please add the case number after the command, for example: /${cmd} MQ-20261123-0001`,
  withdrawn: (n) => `Appeal ${n} has been withdrawn. If you need help again, we are always here.`,
  cannotDo: (n, s) => `Appeal ${n} is currently "${states[s]}", so this cannot be done.`,
  unsupportedContent: "For now we can only receive text, photos and locations. Please describe your problem in words.",
  unknownCommand: "There is no such command. Send /help to see the commands you can use.",
  slowDown: "You are sending messages very quickly. Please wait a minute before sending more; every appeal will be handled.",
  appealLimitReached: (n) => `You have filed ${n} appeals in the last hour. Please file this one a little later (we have kept what you wrote: just reply "confirm" later). In an emergency, call 110 / 119 / 120.`,
  webTooManyRequests: (s) => `Too many messages are coming from your network right now, so this one was not delivered. Please send it again in ${s < 60 ? `${s} seconds` : `${Math.ceil(s / 60)} minutes`}. In an emergency, call 110 / 119 / 120.`,
  somethingWentWrong: "Sorry, something went wrong on our side and this message was not processed. Please send it again in a little while.",

  acceptedUpdate: (c) => `📋 Your appeal ${c.number} has been accepted. ${c.cadre} of ${c.department} is in charge of it.`,
  replyUpdate: (c, text) => `💬 ${c.department} replied about your appeal ${c.number}:\n${text}`,
  rejectedUpdate: (c, reason) =>
    `Appeal ${c.number} was not accepted.\nReason: ${reason}\nIf you have questions, you are welcome to add more details and submit it again.`,
  transferredUpdate: (c) => `🔄 Your appeal ${c.number} has been transferred to ${c.department}.`,
  resolvedUpdate: (c, text) => `✅ Your appeal ${c.number} has been resolved.\nOutcome: ${text}`,
  ratePrompt: (n, tap) =>
    `Please rate how appeal ${n} was handled (1 to 5, 5 is best): ${tap ? "tap a button or reply with a number" : "reply with a number from 1 to 5"}.`,
  ratingLabels: ["1 Very unhappy", "2 Unhappy", "3 OK", "4 Happy", "5 Very happy"],
  ratingThanks: (n, r) =>
    r <= 2
      ? `We have received your rating for appeal ${n} (${r}/5). We are sorry it did not satisfy you. It has been sent back to the department for re-handling, and we will keep following it up.`
      : `Thank you for rating appeal ${n} (${r}/5)!`,
  reopenedUpdate: (c) => `Appeal ${c.number} has been sent back to ${c.department} for re-handling.`,
  reviewOpened: (c, stage) =>
    `🔁 Your request for a ${reviewWord[stage]} of appeal ${c.number} has been accepted. ${c.department} will ${stage === "review" ? "review" : "re-review"} it and answer by ${c.finishDueAt ?? c.answerDueAt}.${stage === "re_review" ? " The re-review's answer is final." : ""}`,
  extensionApprovedUpdate: (c, days, reason) =>
    `⏳ The deadline for appeal ${c.number} has been extended by ${plural(days, "day", "days")} with approval. It should now be resolved by ${c.finishDueAt ?? ""}.\nReason: ${reason}`,
  stillHandling: (c) =>
    `Your appeal ${c.number} is still being handled by ${c.department} and should be resolved by ${c.finishDueAt ?? c.answerDueAt}. We have not forgotten you.`,
  ratingReminder: (n) => `Appeal ${n} has been resolved, but you have not rated it yet. Please reply with a number from 1 to 5 (5 is best).`,
  closedUnrated: (n) =>
    `Appeal ${n} has been resolved. As we did not receive your rating for some time, it has now been closed. If you disagree with the outcome, you can ask for a review within 30 days by sending /review ${n} followed by your reason.`,

  card: (c, mention) =>
    [
      `${c.urgent ? "🚨 [URGENT] " : "📥 "}New appeal ${c.number}`,
      `Category: ${c.category} | Community: ${c.community ?? "not given"}`,
      `Assigned to: ${mention}`,
      `Reply due by: ${c.answerDueAt}`,
      "——",
      c.text,
    ].join("\n"),
  cardHint: (quote) =>
    `${quote ? "Quote this message in your reply" : "Reply to this message"} to answer the resident; you can also use /accept /resolve /reject /transfer /note.`,
  photoCaption: (n) => `${n} photo`,
  photoOnOtherChannel: (n, count) =>
    `${n} has ${plural(count, "photo", "photos")} attached (the resident sent them on another channel; please view them in the admin console).`,
  locationLine: (lat, lon) => `Location: ${lat.toFixed(5)}, ${lon.toFixed(5)}`,
  cadreHelp:
    "Handling commands (when replying to or quoting an appeal card you can leave out the case number):\n" +
    Object.values(usages).map((u) => `· ${u}`).join("\n") +
    "\nThey can also be typed in Chinese: 受理 (accept), 答复 (reply), 不予受理 (reject), 转办 (transfer), 办结 (resolve), 备注 (note), 指派 (assign), 我的 (mine), 查看 (case)." +
    "\nSend /dashboard to me privately for a sign-in link to the web ledger.",
  notACadre: "Sorry, only registered staff can handle appeals.",
  groupNotBound: (id) =>
    `This group is not linked to a department yet, so appeals cannot be handled here. An administrator can link this group (ID ${id}) to a department in the deployment configuration.`,
  chatIdAnswer: (channel, id) => `This chat's ID: ${id} (${channel}). Add it to a department's groups in the deployment configuration to link it.`,
  notYourCase: (n) => `Appeal ${n} does not belong to your department, so you cannot handle it.`,
  usage: (cmd) => `Usage: ${usages[cmd]}`,
  unknownDepartment: (name, known) => `No department called "${name}". Choose from: ${known.join(", ")}`,
  sameDepartment: (n) => `Appeal ${n} is already with that department.`,
  ackAccepted: (n) => `Accepted ${n}.`,
  ackReplied: (n) => `Your reply has been passed on to the resident (${n}).`,
  ackRejected: (n) => `${n} was not accepted; the resident has been told the reason.`,
  ackTransferred: (n, d) => `${n} has been transferred to ${d}.`,
  ackResolved: (n) => `${n} is resolved; the resident has been asked to rate it.`,
  ackNoted: (n) => `Note recorded (${n}, internal only).`,
  transferredIn: (n, from, reason) => `(Transferred from ${from}${reason ? `; reason: ${reason}` : ""})`,
  ratedNotice: (n, r) => `The resident rated ${n}: ${stars(r)} (${r}/5)`,
  reopenedNotice: (n, r, mention) =>
    `⚠️ The resident is not satisfied with how ${n} was handled (${r}/5). It has been sent back to the department for re-handling; ${mention}, please deal with it as soon as possible.`,
  withdrawnNotice: (n) => `The resident has withdrawn appeal ${n}; no further handling is needed.`,
  supplementNotice: (n, text, repeat) => `📎 The resident ${repeat ? "reported appeal" : "added to appeal"} ${n}${repeat ? " again (the same matter, added to this case)" : ""}:\n${text}`,
  mergedUpdate: (n, lead) => `🔗 Your appeal ${n} is the same matter other residents reported, so it is now handled together with ${lead}. You will hear of every step of it here.`,
  mergedNotice: (n, lead) => `🔗 Appeal ${n} was merged into ${lead}; its resident hears every step of ${lead}.`,
  unmergedUpdate: (n, lead) => `Your appeal ${n} was being handled together with ${lead}. ${lead} has been withdrawn by the resident who reported it, so your appeal ${n} is handled on its own again; you will keep hearing of its progress here.`,
  unmergedNotice: (n, lead) => `↩️ ${lead} was withdrawn by its resident; appeal ${n}, merged into it, is handled on its own again. Please follow it up.`,
  possiblySame: (lead, people, n) => `⚠️ Possibly the same matter as ${lead} (${people} residents). If so, send /merge ${n} ${lead}.`,
  ackMerged: (n, lead) => `Merged ${n} into ${lead}; its resident will hear of ${lead}'s progress.`,
  mine: (cases) =>
    "Open appeals:\n" +
    cases.map((c) => `· ${c.number} [${states[c.state]}] ${c.urgent ? "🚨 " : ""}${c.text.slice(0, 30)} (due ${c.answerDueAt})`).join("\n"),
  noOpenCases: "There are no open appeals right now.",
  caseForCadre: (c, list) => `${caseHeader(c)}\nAssigned to: ${c.cadre}\nDetails: ${c.text}\n\nHistory:\n${timeline(list)}`,

  nudge: (c, stage, mention) =>
    `${stage.endsWith("overdue") ? "⚠️ " : "⏰ "}${c.urgent ? "[URGENT] " : ""}Appeal ${c.number} ${stages[stage]} (deadline: ${dueOf(c, stage)}). ${mention}, please deal with it promptly.\n${c.text.slice(0, 60)}`,
  escalation: (c, stage, cadre) =>
    `🔔 [Supervision] Appeal ${c.number} (${c.department}) ${stages[stage]} (deadline: ${dueOf(c, stage)}). Assigned to: ${cadre}.\n${c.text.slice(0, 60)}\nSend /case ${c.number} for details.`,
  extensionRequested: (c, cadre, days, reason) =>
    `📝 ${cadre} asks to extend appeal ${c.number} by ${plural(days, "day", "days")} (now due to be resolved by ${c.finishDueAt ?? ""}).\nReason: ${reason}\nSupervisor: send /approve ${c.number} to approve, or /deny ${c.number} reason to refuse.`,
  extensionApprovedNotice: (c, days) =>
    `The ${plural(days, "day", "days")} extension for appeal ${c.number} has been approved. New deadline for resolution: ${c.finishDueAt ?? ""}.`,
  extensionDeniedNotice: (n, reason) => `The extension request for appeal ${n} was not approved. Reason: ${reason}\nPlease resolve it by the original deadline.`,
  reviewNotice: (c, stage, from, reason) =>
    `🔁 The resident disputes ${stage === "review" ? "the answer" : "the review"} of ${from} and has asked for a ${reviewWord[stage]} of appeal ${c.number}. We ${stage === "review" ? "review" : "re-review"} it here; answer by ${c.finishDueAt ?? ""}.\nReason: ${reason}`,
  reviewForwarded: (n, stage, reviewer) =>
    `ℹ️ The resident has asked for a ${reviewWord[stage]} of ${stage === "review" ? "our answer" : "our review"} on appeal ${n}; ${reviewer} handles it.`,
  closedUnratedNotice: (n) => `Appeal ${n} was not rated in time and has been closed automatically (counted as unrated).`,
  assignedToYou: (c, by, note) => `📌 ${by} assigned appeal ${c.number} to you. Answer by ${c.answerDueAt}.${note ? `\nNote: ${note}` : ""}\n${c.text.slice(0, 60)}\nSend /case ${c.number} for the details.`,
  assignedNotice: (n, by, mention, note) => `📌 ${by} assigned appeal ${n} to ${mention}. Please follow up.${note ? `\nNote: ${note}` : ""}`,
  unknownCadre: (name, known) => `There is no "${name}" in this department. Choose from: ${known.join(", ")}`,
  ackAssigned: (n, cadre) => `Appeal ${n} is assigned to ${cadre}, who has been told.`,
  reassignedNotice: (n, from, mention) => `Appeal ${n}: ${from}, who handled it, is no longer listed in this department; ${mention} handles it now. Please follow up.`,
  departedCadre: (id) => `${id} (no longer listed)`,
  ackExtensionRequested: (n) => `Extension request for ${n} submitted; waiting for a supervisor's approval.`,
  ackApproved: (n) => `Extension for ${n} approved; the resident has been told the new deadline.`,
  ackDenied: (n) => `Extension request for ${n} not approved.`,
  refused: (reason, n, max) =>
    ({
      extension_used: `Appeal ${n} has already been extended once; under the rules it cannot be extended again.`,
      extension_pending: `Appeal ${n} already has an extension request waiting for approval.`,
      extension_too_long: `An extension must be between 1 and ${plural(max, "day", "days")} (the Regulations on Letters and Visits allow 30 days at most).`,
      no_extension_requested: `Appeal ${n} has no extension request waiting for approval.`,
      not_a_supervisor: "Only a supervisor can approve or refuse an extension.",
      review_window_closed: `It is too late to ask for a review of appeal ${n} (a review can be requested up to 30 days after the appeal is resolved).`,
      no_further_review: `Appeal ${n} has been reviewed and re-reviewed, and will not be taken up again (不再受理): under Article 36 of the Regulations on Letters and Visits, a request on the same facts and grounds after the re-review is not accepted.`,
      no_review_body: `The body that would review appeal ${n} is not on this service: please ask its higher authority in writing (Articles 35 and 36 of the Regulations on Letters and Visits).`,
      same_department: `Appeal ${n} is already with that department.`,
      not_a_lead: "Only a department lead or a supervisor can assign an appeal.",
      not_of_department: `An appeal can only be assigned to a cadre of its department (${n}).`,
      cadre_inactive: `That cadre is no longer on duty: please assign appeal ${n} to a colleague who is.`,
      already_assigned: `That cadre already handles appeal ${n}.`,
      merge_target: `An appeal can only be merged into another open appeal: check the lead's number (${n} is unchanged).`,
      merge_not_yours: `The lead appeal belongs to another department: ${n} cannot be merged into it by you. Ask its department or a supervisor.`,
      accused_department: `Appeal ${n} reports that department or one of its staff. Under Article 30 of the Regulations on Letters and Visits it cannot be handled by those it reports; please choose another department.`,
    })[reason],
  dailyDigest: (department, date, d) => `📊 ${department} daily report, ${date}\n${digestLine(d)}\nSend /mine to see open appeals.`,
  weeklyDigest: (week, rows) => `📊 Weekly report, ${week}\n${rows.map((r) => `· ${r.department}: ${digestLine(r.counts)}`).join("\n")}`,
  loginLink: (url, minutes) => `Your sign-in link to the ledger (valid for ${minutes} minutes, once; do not forward it):\n${url}`,
  loginLinkPrivateOnly: "For safety, sign-in links are only sent in a private chat. Send /dashboard to me privately.",

  ledgerColumns: {
    number: "Case", state: "State", urgent: "Urgent", category: "Category", community: "Community", department: "Department",
    cadre: "Responsible", createdAt: "Filed", answerDueAt: "Answer due", acceptedAt: "Accepted", firstAnswerAt: "First answer",
    resolvedAt: "Resolved", closedAt: "Closed", rating: "Rating", overdue: "Overdue", text: "Appeal",
  },
  statsColumns: {
    department: "Department", community: "Community", category: "Category", month: "Month", filed: "Filed",
    responseRate: "Answered in time", resolutionRate: "Resolved", satisfactionRate: "Satisfied", hoursToAccept: "Hours to accept (avg)",
    hoursToAnswer: "Hours to answer (avg)", hoursToFinish: "Hours to resolve (avg)", open: "Open", overdue: "Overdue", rated: "Rated",
    total: "Total", noCommunity: "No community", people: "Residents (person-times)", matters: "Matters",
  },
  yes: "yes",
  no: "no",
  channelName: (channel) => channels[channel],
  channelLoggedOut: (channel, detail) =>
    `⚠️ Minqing's ${channels[channel]} account has logged out${detail ? ` (${detail})` : ""}. Nothing arrives on that channel for now; ` +
    "messages to send there are kept and go out once it is logged in again. Operators, please log it in again soon " +
    "(WeChat: scan the QR code in the terminal, or on the /wechat/qr page linked in the service log).",
  channelLoggedIn: (channel, detail) => `✅ Minqing's ${channels[channel]} account is logged in again${detail ? ` (${detail})` : ""}; the messages that waited are going out now.`,
  deadLetterAlarm: (channel, waiting, link) =>
    `⚠️ Minqing could not deliver a message on ${channels[channel]} and has stopped retrying it: it is set aside as undeliverable ` +
    `(${plural(waiting, "message", "messages")} on that channel now). Later messages to the same chat go on. Operators, please see why on the ` +
    `dashboard's "Undelivered" page, and send it again or discard it${link ? `: ${link}` : "."}`,
  deadLetterRetriedNote: (channel) => `A message on ${channels[channel]} could not be delivered; a supervisor sent it again.`,
  groupBound: (channel, group) =>
    `✅ The ${channels[channel]} group "${group}" is bound: Minqing's messages for "${group}" go to this chat only from now on. If neither the operators nor the department meant to bind it, tell the operators at once.`,
  groupUnbound: (channel, group) =>
    `⚠️ The ${channels[channel]} group "${group}" is not bound yet (or its bound chat is gone after a new login); its messages are kept until it is. ` +
    "Operators: open the /wechat/qr login page linked in the service log and type the \"绑定 …\" it shows in that group (each code works once).",
  groupImpostor: (channel, group) =>
    `⚠️ Another ${channels[channel]} group is also named "${group}", but it is not the bound one: Minqing ignores it and keeps sending to the bound group only. ` +
    "Remind people not to handle appeals there; if nobody knows who made it, someone may be posing as the department's group.",
};

export const enOnTheWeb: WebChatWording = {
  greeting: (name) =>
    `Hello! This is Minqing, the appeals service of ${name}. You can report problems and send appeals to government departments right here.\n\n` +
    "· Tell us in words what happened and where; tap “Photo” or “Location” to add them.\n" +
    "· Tap “My cases” below to see how your appeals are progressing.\n" +
    "· Tap “Help” to see everything you can do.\n\n" +
    "Our promise: every appeal gets an answer, and every matter is followed through.",
  residentHelp:
    "You can:\n" +
    "· Describe a problem to submit an appeal (tap “Photo” or “Location” to add them);\n" +
    "· Tap “My cases” to see each appeal's state, deadline and history;\n" +
    "· Tap “Check progress” to list your appeals here in the chat;\n" +
    "· No longer need it handled: tap “Withdraw” on the appeal in “My cases”;\n" +
    "· Not satisfied with the outcome: tap “Ask for a review” on the appeal in “My cases” and give your reason (the last day you can ask is shown by the button); the higher authority reviews it, and if the review does not satisfy you, you may ask once more the same way for a re-review;\n" +
    "· Reply “cancel” to drop the appeal you are writing.\n" +
    "In danger such as a fire, a gas leak or someone injured, please call 119 / 120 / 110 first.",
  receipt: (c) => receipt(c, "We will tell you about progress here; tap “My cases” at any time to see how it is being handled."),
  statusList: (cases) =>
    "Your appeals:\n" + cases.map((c) => `· ${c.number} [${states[c.state]}] ${c.department}: ${c.text.slice(0, 30)}`).join("\n") + "\n\nTap “My cases” for each one's history.",
  caseNotFound: (n) => `We could not find an appeal with case number ${n}. Please check the number. Tap “My cases” to see all your appeals.`,
  unknownCommand: "There is no such command. Tap “Help” to see what you can do.",
  closedUnrated: (n) =>
    `Appeal ${n} has been resolved. As we did not receive your rating for some time, it has now been closed. If you disagree with the outcome, tap “Ask for a review” on it in “My cases”.`,
};
