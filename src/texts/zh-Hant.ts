import { dateTimeFormat, dayAndTime } from "../calendar/date-format";
import type { CaseView, CommandName, DigestCounts, EventView, NudgeStage, Texts, WebChatWording } from "./texts";
import type { ReviewStage } from "../vocabulary/case-states";
import { inTraditional } from "./traditional";
import { zhHansNotice } from "./zh-Hans";

const states = {
  submitted: "待受理",
  accepted: "已受理",
  in_progress: "辦理中",
  resolved: "已辦結（待評價）",
  closed: "已結案",
  rejected: "不予受理",
  withdrawn: "已撤回",
  merged: "已合併辦理",
} as const;

const events = {
  created: "提交訴求",
  accept: "受理",
  reply: "答覆",
  reject: "不予受理",
  transfer: "轉辦",
  resolve: "辦結",
  note: "內部備註",
  rate: "評價",
  withdraw: "撤回",
  extend_request: "申請延期",
  extend_approve: "核准延期",
  extend_deny: "不核准延期",
  review: "申請複查",
  close_unrated: "逾時未評價，自動結案",
  reassign: "改派承辦人",
  resident_notified: "已告知群眾仍在辦理",
  assign: "指派承辦人",
  supplement: "群眾補充",
  merge: "合併辦理",
  unmerge: "恢復單獨辦理",
} as const;

const reviewWord: Record<ReviewStage, string> = { review: "複查", re_review: "複核" };

const stages: Record<NudgeStage, string> = {
  accept_soon: "即將到達受理時限",
  accept_overdue: "已超過受理時限",
  answer_soon: "即將到達答覆時限",
  answer_overdue: "已超過答覆時限",
  finish_soon: "即將到達辦結時限",
  finish_overdue: "已超過辦結時限",
};

const dueOf = (c: CaseView, stage: NudgeStage) =>
  stage.startsWith("accept") ? c.acceptDueAt : stage.startsWith("answer") ? c.answerDueAt : (c.finishDueAt ?? c.answerDueAt);

const digestLine = (d: DigestCounts) => `新增 ${d.new}｜辦理中 ${d.open}｜今日到期 ${d.dueToday}｜逾期 ${d.overdue}｜待評價 ${d.unrated}`;

const usages: Record<CommandName, string> = {
  accept: "/accept 編號（或回覆/引用訴求卡片傳送 /accept）",
  reject: "/reject 編號 不予受理的理由",
  reply: "/reply 編號 答覆內容（或直接回覆/引用訴求卡片）",
  transfer: "/transfer 編號 部門名稱 [轉辦理由]",
  resolve: "/resolve 編號 辦理結果",
  note: "/note 編號 備註內容（僅內部可見）",
  mine: "/mine",
  case: "/case 編號",
  withdraw: "/withdraw 編號",
  extend: "/extend 編號 天數 延期理由（呈報主管核准）",
  approve: "/approve 編號（主管核准延期）",
  deny: "/deny 編號 不核准的理由",
  review: "/review 編號 申請複查的理由",
  assign: "/assign 編號 承辦人姓名 [說明]（部門負責人或主管領導指派）",
  merge: "/merge 編號 主件編號（同一問題多人反映：本件併入主件辦理）",
};

const numbered = (options: string[]) => options.map((o, i) => `${i + 1}. ${o}`).join("\n");
const channels = { wechat: "微信", telegram: "Telegram", web: "網頁聊天" } as const;
const stars = (n: number) => "★".repeat(n) + "☆".repeat(5 - n);

/** The receipt of a filed case, and what its channel says of following it. */
const receipt = (c: CaseView, followUp: string) => ["✅ 您的訴求已登記", `編號：${c.number}`, `承辦部門：${c.department}`, `預計 ${c.answerDueAt} 前答覆您`, "", followUp].join("\n");

function caseHeader(c: CaseView): string {
  return [
    `編號：${c.number}${c.urgent ? "（緊急）" : ""}`,
    `狀態：${states[c.state]}`,
    `類別：${c.category}${c.community ? `｜社區：${c.community}` : ""}`,
    `承辦部門：${c.department}`,
    `提交時間：${c.createdAt}`,
    `答覆時限：${c.answerDueAt}`,
    ...(c.finishDueAt ? [`辦結時限：${c.finishDueAt}`] : []),
    ...(c.reviewCount > 0 ? [`複查：${c.reviewCount} 次`] : []),
    ...(c.rating ? [`評價：${stars(c.rating)}`] : []),
  ].join("\n");
}

function timeline(list: EventView[]): string {
  return list
    .map((e) => `· ${e.at} ${e.actor} ${events[e.type]}${e.internal ? "（內部）" : ""}${e.body ? `：${e.body}` : ""}`)
    .join("\n");
}

export const zhHant: Texts = {
  // The same legal text as the Simplified, in Traditional characters (opencc-js), so the two never drift apart.
  notice: inTraditional(zhHansNotice),
  noticeIssued: (title, number, link) => `📄 已向您出具《${title}》（${number}）。` + (link ? `查看或下載：${link}` : "請妥善保存。"),
  dateTime: (date, timeZone) =>
    dateTimeFormat("zh-TW", timeZone, dayAndTime).format(date),
  stateName: (s) => states[s],
  eventName: (t) => events[t],

  greeting: (name) =>
    `您好！這裡是${name}「民情通」，您可以直接在這裡向政府部門反映問題、提出訴求。\n\n` +
    "· 用文字說說遇到了什麼事、在哪裡，也可以傳送照片和位置；\n" +
    "· 傳送 /status 查看您的訴求辦理進度；\n" +
    "· 傳送 /help 查看全部功能。\n\n" +
    "我們承諾：件件有回音，事事有著落。",
  residentHelp:
    "您可以：\n" +
    "· 直接描述問題來提交訴求（可附照片、位置）；\n" +
    "· /status 查看我的訴求；\n" +
    "· /case 編號 查看某件訴求的辦理過程；\n" +
    "· /withdraw 編號 撤回訴求；\n" +
    "· /review 編號 理由：對辦理結果不滿意，辦結後 30 天內可申請複查，由上一級機關辦理；對複查意見不滿意，可再申請一次複核；\n" +
    "· /cancel 放棄正在填寫的訴求。\n" +
    "如遇火災、瓦斯外洩、有人受傷等危險，請先撥打 119 / 120 / 110。",
  describeProblem: "請用一兩句話描述您遇到的問題，例如：「東街社區3號樓前的路燈壞了一個星期了」。",
  reportPrompt: (body) => `請說明您要反映的單位或幹部（如「城管」「某某局的某某」）以及具體情況：時間、地點、經過。您反映的問題將由${body}辦理，不會轉給被反映的單位或人員（《信訪工作條例》第三十條）。`,
  reportGoesTo: (body) => `您反映的是幹部作風問題，將由${body}辦理，不會轉給被反映的單位或人員（《信訪工作條例》第三十條）。`,
  askCategory: (options, tap) => `請問您的問題屬於哪一類？${tap ? "請點選，或回覆序號" : "請回覆序號"}：\n${numbered(options)}`,
  askLikelyCategory: (options, tap) => `您反映的問題可能屬於下面哪一類？${tap ? "請點選，或回覆序號" : "請回覆序號"}：\n${numbered(options)}`,
  otherCategoriesOption: "都不是，看全部類別",
  askCommunity: (options, tap) => `請問問題發生在哪個社區（村）？${tap ? "請點選，或回覆序號" : "請回覆序號"}：\n${numbered(options)}`,
  communityUnknownOption: "不清楚 / 其他地方",
  choiceNotUnderstood: (tap) => `沒有看懂您的選擇，${tap ? "請點選按鈕或回覆序號" : "請回覆序號"}。回覆「取消」可放棄本次填寫。`,
  confirmNotUnderstood: (tap) => `沒有看懂。${tap ? "提交請點「確認提交」或回覆「確認」" : "提交請回覆「確認」"}；放棄請回覆「取消」；也可以繼續補充文字或照片。`,
  summary: (d, tap) =>
    [
      "請核對您的訴求：",
      `類別：${d.category ?? "待確定"}`,
      `社區：${d.community ?? "未填寫"}`,
      ...(d.urgent ? ["緊急：是（將按緊急件優先處理）"] : []),
      ...(d.photos > 0 || d.hasLocation ? [`附件：${d.photos > 0 ? `照片${d.photos}張` : ""}${d.photos > 0 && d.hasLocation ? "，" : ""}${d.hasLocation ? "位置1處" : ""}`] : []),
      `內容：${d.text}`,
      "",
      `確認無誤請${tap ? "點「確認提交」或" : ""}回覆「確認」；還可以繼續補充文字或照片；回覆「取消」放棄。`,
    ].join("\n"),
  confirmButton: "確認提交",
  cancelButton: "取消",
  photoAdded: (n) => `已收到照片（共${n}張），會隨訴求一起提交。`,
  locationAdded: "已收到位置，會隨訴求一起提交。",
  cancelled: "好的，已取消，本次內容沒有提交。需要時隨時來找我們。",
  nothingToCancel: "目前沒有正在填寫的訴求。",
  textTruncated: (limit) => `您的內容較長，已保留前 ${limit} 個字。`,
  receipt: (c) => receipt(c, `辦理進度會在這裡通知您。傳送 /status 查看全部訴求，或傳送 /case ${c.number} 查看辦理過程。`),
  emergencyAdvice: (kind, line) =>
    kind === null
      ? "⚠️ 已按緊急件處理，工作人員會盡快處置。如有人身危險，請立即撥打 119 / 120 / 110。"
      : `${
          {
            gas: `⚠️ 疑似燃氣（瓦斯）外洩，請馬上這樣做：\n1. 立即離開房間，帶上家人；\n2. 不要開關任何電器和電燈，不要點火，不要在屋裡打電話；\n3. 到室外安全的地方，再撥打燃氣公司搶修電話${line ? ` ${line}` : ""}或 119。`,
            fire: "🔥 請立即撥打 119 報警。馬上撤離，不要搭電梯；用濕毛巾摀住口鼻，彎腰沿安全出口走；不要返回拿東西。",
            flood: "🌊 請撥打 119 求助。遠離泡水的電器和插座，能安全做到時先關掉總電源；有人受困請說明人數和位置。",
            medical: "🚑 請立即撥打 120 急救電話，說清地址和病人的情況；急救人員到達前不要隨意搬動傷者（有人觸電：先切斷電源，不要用手直接拉）。",
            crime: "🚨 請立即撥打 110 報警。先保護好自己，遠離危險的人和地方。",
            rescue: "🆘 請立即撥打 119 求救，說清地點和受困的人數；不要貿然進入危險的地方。",
          }[kind]
        }\n已按緊急件登記，工作人員會盡快處置。`,
  emergencyDetails: (n) => `為了盡快處置，請補充：① 具體位置（社區、樓棟、單元、門牌）；② 現場情況（有沒有人受傷或受困）。直接回覆即可，會補充到訴求 ${n}。`,
  supplementAdded: (n, tap) => `已補充到訴求 ${n}，工作人員會看到。如果這是另一件事，${tap ? "請點「作為新訴求提交」或" : "請"}回覆「新訴求」。`,
  alreadyReported: (c, tap, mine) =>
    `您在 ${(mine ?? c).createdAt} 已反映過此事（編號 ${(mine ?? c).number}）${mine ? `，它與其他民眾反映的同一問題已併入 ${c.number} 一起辦理` : ""}，這次說的已補充到${mine ? ` ${c.number}` : "該訴求"}，${c.department}會一併看到，不用重複提交。如果這是另一件事，${tap ? "請點「作為新訴求提交」或" : "請"}回覆「新訴求」。`,
  newMatterButton: "作為新訴求提交",
  supplementHint: (n, tap) => `想補充訴求 ${n}，直接傳文字就行；如果是另一件事，${tap ? "請點「作為新訴求提交」或" : "請"}回覆「新訴求」。`,
  statusList: (cases) =>
    "您的訴求：\n" + cases.map((c) => `· ${c.number}【${states[c.state]}】${c.department}：${c.text.slice(0, 30)}`).join("\n") + "\n\n傳送 /case 編號 查看詳情。",
  noCases: "您還沒有提交過訴求。直接描述您遇到的問題就可以提交。",
  caseForResident: (c, list) => `${caseHeader(c)}\n內容：${c.text}\n\n辦理過程：\n${timeline(list)}`,
  caseNotFound: (n) => `找不到編號為 ${n} 的訴求，請核對編號。傳送 /status 可查看您的全部訴求。`,
  needCaseNumber: (cmd) => `請在指令後寫上訴求編號，例如：/${cmd} MQ-20261123-0001`,
  withdrawn: (n) => `訴求 ${n} 已撤回。如還需要協助，歡迎隨時再來。`,
  cannotDo: (n, s) => `訴求 ${n} 目前狀態為「${states[s]}」，無法進行這個操作。`,
  unsupportedContent: "暫時只能接收文字、照片和位置。請用文字描述您的問題。",
  unknownCommand: "沒有這個指令。傳送 /help 查看可以使用的指令。",
  slowDown: "您傳送得太快了，請稍等一分鐘再傳。我們會認真處理每一則訴求。",
  appealLimitReached: (n) => `您一小時內已經提交了 ${n} 件訴求，請稍後再提交這一件（內容已為您保留，稍後回覆「確認」即可）。如遇緊急危險，請直接撥打 110 / 119 / 120。`,
  webTooManyRequests: (s) => `您所在的網路現在傳送的訊息太多，這則訊息還沒有送達，請在 ${s < 60 ? `${s} 秒` : `${Math.ceil(s / 60)} 分鐘`}後再傳送。如遇緊急危險，請直接撥打 110 / 119 / 120。`,
  somethingWentWrong: "抱歉，系統剛才出了點問題，這則訊息沒有處理成功，請稍後再傳一次。",

  acceptedUpdate: (c) => `📋 您的訴求 ${c.number} 已受理，由${c.department}${c.cadre}負責辦理。`,
  replyUpdate: (c, text) => `💬 ${c.department}就訴求 ${c.number} 答覆您：\n${text}`,
  rejectedUpdate: (c, reason) => `訴求 ${c.number} 不予受理。\n理由：${reason}\n如有疑問，可以補充情況後重新提交。`,
  transferredUpdate: (c) => `🔄 您的訴求 ${c.number} 已轉交${c.department}辦理。`,
  resolvedUpdate: (c, text) => `✅ 您的訴求 ${c.number} 已辦結。\n辦理結果：${text}`,
  ratePrompt: (n, tap) => `請為訴求 ${n} 的辦理結果評分（1-5分，5分最滿意）：${tap ? "點選按鈕或回覆數字" : "請直接回覆數字 1 到 5"}。`,
  ratingLabels: ["1 很不滿意", "2 不滿意", "3 普通", "4 滿意", "5 很滿意"],
  ratingThanks: (n, r) =>
    r <= 2 ? `收到您對訴求 ${n} 的評價（${r}分）。很抱歉未能讓您滿意，已重新交辦，我們會繼續跟進。` : `感謝您對訴求 ${n} 的評價（${r}分）！`,
  reopenedUpdate: (c) => `訴求 ${c.number} 已重新交由${c.department}辦理。`,
  reviewOpened: (c, stage) =>
    `🔁 已受理您對訴求 ${c.number} 的${reviewWord[stage]}申請，由${c.department}${reviewWord[stage]}，將於 ${c.finishDueAt ?? c.answerDueAt} 前答覆。${stage === "re_review" ? "複核意見為最終意見。" : ""}`,
  extensionApprovedUpdate: (c, days, reason) => `⏳ 訴求 ${c.number} 經核准延期 ${days} 天，新的辦結時限為 ${c.finishDueAt ?? ""}。\n原因：${reason}`,
  stillHandling: (c) => `您的訴求 ${c.number} 仍在辦理中，由${c.department}負責，預計 ${c.finishDueAt ?? c.answerDueAt} 前辦結。我們沒有忘記您。`,
  ratingReminder: (n) => `訴求 ${n} 已辦結，您還沒有評價。請回覆數字 1 到 5 評分（5 分最滿意）。`,
  closedUnrated: (n) => `訴求 ${n} 已辦結，因較長時間未收到評價，已自動結案。如對結果有異議，可在 30 天內傳送 /review ${n} 理由 申請複查。`,

  card: (c, mention) =>
    [
      `${c.urgent ? "🚨【緊急】" : "📥"}新訴求 ${c.number}`,
      `類別：${c.category}｜社區：${c.community ?? "未填寫"}`,
      `責任人：${mention}`,
      `答覆時限：${c.answerDueAt}`,
      "——",
      c.text,
    ].join("\n"),
  cardHint: (quote) => `${quote ? "引用本訊息回覆" : "回覆本訊息"}即答覆民眾；也可用 /accept /resolve /reject /transfer /note。`,
  photoCaption: (n) => `${n} 附圖`,
  photoOnOtherChannel: (n, count) => `${n} 附有照片${count}張（民眾透過其他管道傳送，請至後台查看）。`,
  locationLine: (lat, lon) => `位置：${lat.toFixed(5)}, ${lon.toFixed(5)}`,
  cadreHelp:
    "辦理指令（回覆或引用訴求卡片時可省略編號）：\n" + Object.values(usages).map((u) => `· ${u}`).join("\n") + "\n也可以用中文：受理、答覆、不予受理、轉辦、辦結、備註、指派、我的、查看。\n私訊傳送 /dashboard（臺賬）取得網頁臺賬的登入連結。",
  notACadre: "抱歉，只有登記在冊的工作人員才能辦理訴求。",
  groupNotBound: (id) => `本群組尚未綁定部門，無法辦理訴求。管理員可在部署設定中把本群組 ID ${id} 綁定到部門。`,
  chatIdAnswer: (channel, id) => `本對話 ID：${id}（${channel}）。把它寫進部署設定中部門的 groups 即可綁定。`,
  notYourCase: (n) => `訴求 ${n} 不屬於您的部門，無法辦理。`,
  usage: (cmd) => `用法：${usages[cmd]}`,
  unknownDepartment: (name, known) => `找不到部門「${name}」。可選：${known.join("、")}`,
  sameDepartment: (n) => `訴求 ${n} 已經在該部門。`,
  ackAccepted: (n) => `已受理 ${n}。`,
  ackReplied: (n) => `已將答覆轉給民眾（${n}）。`,
  ackRejected: (n) => `已不予受理 ${n}，理由已告知民眾。`,
  ackTransferred: (n, d) => `已將 ${n} 轉交${d}。`,
  ackResolved: (n) => `已辦結 ${n}，已請民眾評價。`,
  ackNoted: (n) => `已記錄備註（${n}，僅內部可見）。`,
  transferredIn: (n, from, reason) => `（由${from}轉來${reason ? `，理由：${reason}` : ""}）`,
  ratedNotice: (n, r) => `民眾對 ${n} 的評價：${stars(r)}（${r}分）`,
  reopenedNotice: (n, r, mention) => `⚠️ 民眾對 ${n} 的辦理結果不滿意（${r}分），已重新交辦，請 ${mention} 盡快處理。`,
  withdrawnNotice: (n) => `民眾已撤回訴求 ${n}，無需繼續辦理。`,
  supplementNotice: (n, text, repeat) => `📎 群眾${repeat ? "再次反映" : "補充了"}訴求 ${n}${repeat ? "（同一事項，已併入本件）" : ""}：\n${text}`,
  mergedUpdate: (n, lead) => `🔗 您反映的訴求 ${n} 與其他民眾反映的是同一問題，已併入 ${lead} 一起辦理。之後的辦理進度會同樣通知您。`,
  mergedNotice: (n, lead) => `🔗 訴求 ${n} 已併入 ${lead} 一併辦理，${n} 的民眾會收到 ${lead} 的每一步進度。`,
  unmergedUpdate: (n, lead) => `您的訴求 ${n} 之前併入 ${lead} 一起辦理；${lead} 已由其反映人撤回，您的訴求 ${n} 恢復單獨辦理，進度會繼續通知您。`,
  unmergedNotice: (n, lead) => `↩️ ${lead} 已由民眾撤回；併入其中的訴求 ${n} 恢復單獨辦理，請繼續跟進。`,
  possiblySame: (lead, people, n) => `⚠️ 可能與 ${lead} 為同一問題（${people} 人反映）。確認後傳送 /merge ${n} ${lead} 併案辦理。`,
  ackMerged: (n, lead) => `已將 ${n} 併入 ${lead}，其民眾會收到 ${lead} 的辦理進度。`,
  mine: (cases) =>
    "待辦訴求：\n" + cases.map((c) => `· ${c.number}【${states[c.state]}】${c.urgent ? "🚨" : ""}${c.text.slice(0, 30)}（時限 ${c.answerDueAt}）`).join("\n"),
  noOpenCases: "目前沒有待辦訴求。",
  caseForCadre: (c, list) => `${caseHeader(c)}\n責任人：${c.cadre}\n內容：${c.text}\n\n辦理過程：\n${timeline(list)}`,

  nudge: (c, stage, mention) =>
    `${stage.endsWith("overdue") ? "⚠️" : "⏰"}${c.urgent ? "【緊急】" : ""}訴求 ${c.number} ${stages[stage]}（${dueOf(c, stage)}），請 ${mention} 及時辦理。\n${c.text.slice(0, 60)}`,
  escalation: (c, stage, cadre) =>
    `🔔【督辦】${c.department}的訴求 ${c.number} ${stages[stage]}（${dueOf(c, stage)}），責任人：${cadre}。\n${c.text.slice(0, 60)}\n傳送 /case ${c.number} 查看詳情。`,
  extensionRequested: (c, cadre, days, reason) =>
    `📝 ${cadre}申請將訴求 ${c.number} 延期 ${days} 天（目前辦結時限 ${c.finishDueAt ?? ""}）。\n理由：${reason}\n請主管傳送 /approve ${c.number} 核准，或 /deny ${c.number} 理由 不核准。`,
  extensionApprovedNotice: (c, days) => `訴求 ${c.number} 已核准延期 ${days} 天，新的辦結時限：${c.finishDueAt ?? ""}。`,
  extensionDeniedNotice: (n, reason) => `訴求 ${n} 的延期申請未獲核准。理由：${reason}。請按原時限辦結。`,
  reviewNotice: (c, stage, from, reason) =>
    `🔁 民眾不服${from}的${stage === "review" ? "答覆" : "複查意見"}，申請${reviewWord[stage]}訴求 ${c.number}，由本單位${reviewWord[stage]}，答覆時限：${c.finishDueAt ?? ""}。\n理由：${reason}`,
  reviewForwarded: (n, stage, reviewer) =>
    `ℹ️ 民眾對本單位辦結的訴求 ${n} 的${stage === "review" ? "答覆" : "複查意見"}申請${reviewWord[stage]}，已由${reviewer}${reviewWord[stage]}。`,
  closedUnratedNotice: (n) => `訴求 ${n} 逾時未評價，已自動結案（計為未評價）。`,
  assignedToYou: (c, by, note) => `📌 ${by}將訴求 ${c.number} 指派給您承辦，答覆時限：${c.answerDueAt}。${note ? `\n說明：${note}` : ""}\n${c.text.slice(0, 60)}\n發送 /case ${c.number} 查看詳情。`,
  assignedNotice: (n, by, mention, note) => `📌 ${by}已將訴求 ${n} 指派給 ${mention} 承辦，請跟進。${note ? `\n說明：${note}` : ""}`,
  unknownCadre: (name, known) => `本部門沒有找到工作人員「${name}」。可選：${known.join("、")}`,
  ackAssigned: (n, cadre) => `已將 ${n} 指派給${cadre}，已通知本人。`,
  reassignedNotice: (n, from, mention) => `訴求 ${n} 的原承辦人 ${from} 已不在本部門名冊，已改由 ${mention} 承辦，請跟進。`,
  departedCadre: (id) => `${id}（已不在名冊）`,
  ackExtensionRequested: (n) => `已提交 ${n} 的延期申請，等待主管核准。`,
  ackApproved: (n) => `已核准 ${n} 延期，已告知民眾新的時限。`,
  ackDenied: (n) => `已不核准 ${n} 的延期申請。`,
  refused: (reason, n, max) =>
    ({
      extension_used: `訴求 ${n} 已經延期過一次，依規定不能再延期。`,
      extension_pending: `訴求 ${n} 已有延期申請在等待核准。`,
      extension_too_long: `延期天數須在 1 到 ${max} 天之間（信訪工作條例規定最長 30 天）。`,
      no_extension_requested: `訴求 ${n} 沒有待核准的延期申請。`,
      not_a_supervisor: "只有主管可以核准或不核准延期。",
      review_window_closed: `訴求 ${n} 已超過可申請複查的期限（辦結後 30 天）。`,
      no_further_review: `訴求 ${n} 已經複查、複核，不再受理。根據《信訪工作條例》第三十六條，對複核意見不服，仍以同一事實和理由提出的，不再受理。`,
      no_review_body: `訴求 ${n} 的複查（複核）機關不在本平台，請直接向其上一級機關書面提出（《信訪工作條例》第三十五、三十六條）。`,
      same_department: `訴求 ${n} 已經在該部門。`,
      not_a_lead: "只有部門負責人或主管領導可以指派承辦人。",
      not_of_department: `只能指派給訴求 ${n} 所在部門的工作人員。`,
      cadre_inactive: `這位工作人員已不在崗，請將訴求 ${n} 指派給在崗的同事。`,
      already_assigned: `訴求 ${n} 已經由這位工作人員承辦。`,
      merge_target: `只能併入另一件辦理中的訴求，請核對主件編號（${n} 不變）。`,
      merge_not_yours: `主件不屬於您的部門，不能把 ${n} 併入。請聯絡主件所在部門或主管領導。`,
      accused_department: `訴求 ${n} 反映的是該部門或其工作人員的問題。根據《信訪工作條例》第三十條，不能交由被反映的部門或人員辦理，請選擇其他部門。`,
    })[reason],
  dailyDigest: (department, date, d) => `📊 ${department} ${date} 訴求日報\n${digestLine(d)}\n傳送 /mine 查看待辦。`,
  weeklyDigest: (week, rows) => `📊 ${week} 訴求週報\n${rows.map((r) => `· ${r.department}：${digestLine(r.counts)}`).join("\n")}`,
  loginLink: (url, minutes) => `臺賬登入連結（${minutes} 分鐘內有效，只能使用一次，請勿轉傳）：\n${url}`,
  loginLinkPrivateOnly: "為了安全，登入連結只在私訊中傳送。請私訊我傳送 /dashboard。",

  ledgerColumns: {
    number: "編號", state: "狀態", urgent: "緊急", category: "類別", community: "社區", department: "承辦部門", cadre: "責任人",
    createdAt: "提交時間", answerDueAt: "答覆時限", acceptedAt: "受理時間", firstAnswerAt: "首次答覆", resolvedAt: "辦結時間",
    closedAt: "結案時間", rating: "評價", overdue: "逾期", text: "訴求內容",
  },
  statsColumns: {
    department: "部門", community: "社區", category: "類別", month: "月份", filed: "受理量", responseRate: "回應率",
    resolutionRate: "解決率", satisfactionRate: "滿意率", hoursToAccept: "平均受理用時（小時）", hoursToAnswer: "平均答覆用時（小時）",
    hoursToFinish: "平均辦結用時（小時）", open: "辦理中", overdue: "逾期", rated: "評價數", total: "合計", noCommunity: "未填寫社區", people: "人次", matters: "件數",
  },
  yes: "是",
  no: "否",
  channelName: (channel) => channels[channel],
  channelLoggedOut: (channel, detail) =>
    `⚠️ 民情通的${channels[channel]}帳號已登出${detail ? `（${detail}）` : ""}。該管道暫時收不到訊息；要發出的訊息都已保留，重新登入後自動補發。` +
    "請維運人員盡快重新登入（微信：掃描終端機裡或服務日誌中 /wechat/qr 連結頁面上的 QR 碼）。",
  channelLoggedIn: (channel, detail) => `✅ 民情通的${channels[channel]}帳號已重新登入${detail ? `（${detail}）` : ""}，積壓的訊息正在補發。`,
  deadLetterAlarm: (channel, waiting, link) =>
    `⚠️ 民情通有發往${channels[channel]}的訊息無法送達，已停止重試並移入「投遞失敗」（該管道現有 ${waiting} 則）。` +
    `同一聊天之後的訊息照常發送。請維運人員在台帳的「投遞失敗」頁查看原因，重新投遞或捨棄${link ? `：${link}` : "。"}`,
  deadLetterRetriedNote: (channel) => `一則發往${channels[channel]}的訊息未能送達，已由督辦人員重新投遞。`,
  groupBound: (channel, group) => `✅ ${channels[channel]}群組「${group}」已綁定：民情通發給「${group}」的訊息從此只發到這個群組。如果不是維運人員或部門有意綁定的，請立即聯絡維運人員。`,
  groupUnbound: (channel, group) =>
    `⚠️ ${channels[channel]}群組「${group}」還沒有綁定（或重新登入後找不到原來綁定的群組），發給它的訊息暫時保留。` +
    "請維運人員打開服務日誌裡的 /wechat/qr 登入頁面，在該群組裡發送頁面上顯示的「绑定 …」（每個綁定碼只能用一次）。",
  groupImpostor: (channel, group) =>
    `⚠️ 有另一個${channels[channel]}群組也叫「${group}」，但它不是已綁定的那個群組：民情通不理會它，訊息仍只發到已綁定的群組。請提醒大家不要在那個群組裡辦理訴求；若不知道是誰建的，可能有人想冒充部門群組。`,
};

export const zhHantOnTheWeb: WebChatWording = {
  greeting: (name) =>
    `您好！這裡是${name}「民情通」，您可以直接在這裡向政府部門反映問題、提出訴求。\n\n` +
    "· 用文字說說遇到了什麼事、在哪裡，也可以點「照片」「位置」一起傳來；\n" +
    "· 點下方的「我的訴求」，查看每件訴求的辦理進度；\n" +
    "· 點「幫助」查看全部功能。\n\n" +
    "我們承諾：件件有回音，事事有著落。",
  residentHelp:
    "您可以：\n" +
    "· 直接描述問題來提交訴求（可點「照片」「位置」附上）；\n" +
    "· 點「我的訴求」查看每件訴求的狀態、時限和辦理過程；\n" +
    "· 點「查詢進度」，在對話裡列出您的訴求；\n" +
    "· 不再需要辦理：在「我的訴求」裡點該訴求的「撤回」；\n" +
    "· 對辦理結果不滿意：在「我的訴求」裡點該訴求的「申請複查」，寫明理由（可申請的最後日期寫在按鈕旁），由上一級機關複查；對複查意見不滿意，可同樣再申請一次複核；\n" +
    "· 回覆「取消」放棄正在填寫的訴求。\n" +
    "如遇火災、瓦斯外洩、有人受傷等危險，請先撥打 119 / 120 / 110。",
  receipt: (c) => receipt(c, "辦理進度會在這裡通知您；隨時點「我的訴求」可查看辦理過程。"),
  statusList: (cases) =>
    "您的訴求：\n" + cases.map((c) => `· ${c.number}【${states[c.state]}】${c.department}：${c.text.slice(0, 30)}`).join("\n") + "\n\n點「我的訴求」查看每件的辦理過程。",
  caseNotFound: (n) => `找不到編號為 ${n} 的訴求，請核對編號。點「我的訴求」可查看您的全部訴求。`,
  unknownCommand: "沒有這個指令。點「幫助」看看可以做什麼。",
  closedUnrated: (n) => `訴求 ${n} 已辦結，因較長時間未收到評價，已自動結案。如對結果有異議，可在「我的訴求」裡點該訴求的「申請複查」。`,
};
