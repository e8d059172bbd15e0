import type { CaseView, CommandName, EventView, Texts } from "./texts";

const states = {
  submitted: "Waiting to be accepted",
  accepted: "Accepted",
  in_progress: "Being handled",
  resolved: "Resolved (waiting for rating)",
  closed: "Closed",
  rejected: "Not accepted",
  withdrawn: "Withdrawn",
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
} as const;

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
};

const numbered = (options: string[]) => options.map((o, i) => `${i + 1}. ${o}`).join("\n");
const channels = { wechat: "WeChat", telegram: "Telegram", web: "web chat" } as const;
const stars = (n: number) => "★".repeat(n) + "☆".repeat(5 - n);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function caseHeader(c: CaseView): string {
  return [
    `Case number: ${c.number}${c.urgent ? " (urgent)" : ""}`,
    `Status: ${states[c.state]}`,
    `Category: ${c.category}${c.community ? ` | Community: ${c.community}` : ""}`,
    `Department: ${c.department}`,
    `Submitted: ${c.createdAt}`,
    `Reply due by: ${c.answerDueAt}`,
    ...(c.rating ? [`Rating: ${stars(c.rating)}`] : []),
  ].join("\n");
}

function timeline(list: EventView[]): string {
  return list
    .map((e) => `· ${e.at} ${e.actor}: ${events[e.type]}${e.internal ? " (internal)" : ""}${e.body ? ` — ${e.body}` : ""}`)
    .join("\n");
}

export const en: Texts = {
  dateTime: (date, timeZone) =>
    new Intl.DateTimeFormat("en-GB", { timeZone, month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date),
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
    "· /cancel to drop the appeal you are writing.\n" +
    "In danger such as a fire, a gas leak or someone injured, please call 119 / 120 / 110 first.",
  describeProblem:
    "Please describe your problem in a sentence or two, for example: \"The street light in front of Building 3 in East Street Community has been broken for a week.\"",
  askCategory: (options, tap) => `What kind of problem is it? ${tap ? "Tap an option, or reply with its number" : "Reply with its number"}:\n${numbered(options)}`,
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
  receipt: (c) =>
    [
      "✅ Your appeal has been registered",
      `Case number: ${c.number}`,
      `Department: ${c.department}`,
      `You should get a reply by ${c.answerDueAt}`,
      "",
      `We will tell you about progress here. Send /status to see all your appeals, or /case ${c.number} to see how this one is being handled.`,
    ].join("\n"),
  urgentAdvice: "⚠️ This has been marked urgent and staff will deal with it as soon as possible. If anyone is in danger, please call 119 / 120 / 110 now.",
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
    "\nThey can also be typed in Chinese: 受理 (accept), 答复 (reply), 不予受理 (reject), 转办 (transfer), 办结 (resolve), 备注 (note), 我的 (mine), 查看 (case).",
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
  mine: (cases) =>
    "Open appeals:\n" +
    cases.map((c) => `· ${c.number} [${states[c.state]}] ${c.urgent ? "🚨 " : ""}${c.text.slice(0, 30)} (due ${c.answerDueAt})`).join("\n"),
  noOpenCases: "There are no open appeals right now.",
  caseForCadre: (c, list) => `${caseHeader(c)}\nAssigned to: ${c.cadre}\nDetails: ${c.text}\n\nHistory:\n${timeline(list)}`,

  channelName: (channel) => channels[channel],
  channelLoggedOut: (channel, detail) =>
    `⚠️ Minqing's ${channels[channel]} account has logged out${detail ? ` (${detail})` : ""}. Nothing arrives on that channel for now; ` +
    "messages to send there are kept and go out once it is logged in again. Operators, please log it in again soon " +
    "(WeChat: scan the QR code in the terminal, or on the /wechat/qr page linked in the service log).",
  channelLoggedIn: (channel, detail) => `✅ Minqing's ${channels[channel]} account is logged in again${detail ? ` (${detail})` : ""}; the messages that waited are going out now.`,
};
