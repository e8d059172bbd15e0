import { dateTimeFormat, dayAndTime } from "../calendar/date-format";
import type { CaseView, CommandName, DigestCounts, EventView, NoticeKind, NoticeTexts, NudgeStage, Texts, WebChatWording } from "./texts";
import type { ReviewStage } from "../vocabulary/case-states";

const states = {
  submitted: "待受理",
  accepted: "已受理",
  in_progress: "办理中",
  resolved: "已办结（待评价）",
  closed: "已结案",
  rejected: "不予受理",
  withdrawn: "已撤回",
  merged: "已合并办理",
} as const;

const events = {
  created: "提交诉求",
  accept: "受理",
  reply: "答复",
  reject: "不予受理",
  transfer: "转办",
  resolve: "办结",
  note: "内部备注",
  rate: "评价",
  withdraw: "撤回",
  extend_request: "申请延期",
  extend_approve: "批准延期",
  extend_deny: "不批准延期",
  review: "申请复查",
  close_unrated: "超时未评价，自动结案",
  reassign: "改派承办人",
  resident_notified: "已告知群众仍在办理",
  assign: "指派承办人",
  supplement: "群众补充",
  merge: "合并办理",
  unmerge: "恢复单独办理",
} as const;

const reviewWord: Record<ReviewStage, string> = { review: "复查", re_review: "复核" };

const stages: Record<NudgeStage, string> = {
  accept_soon: "即将到受理时限",
  accept_overdue: "已超过受理时限",
  answer_soon: "即将到答复时限",
  answer_overdue: "已超过答复时限",
  finish_soon: "即将到办结时限",
  finish_overdue: "已超过办结时限",
};

const dueOf = (c: CaseView, stage: NudgeStage) =>
  stage.startsWith("accept") ? c.acceptDueAt : stage.startsWith("answer") ? c.answerDueAt : (c.finishDueAt ?? c.answerDueAt);

const digestLine = (d: DigestCounts) => `新增 ${d.new}｜在办 ${d.open}｜今日到期 ${d.dueToday}｜超期 ${d.overdue}｜待评价 ${d.unrated}`;

const usages: Record<CommandName, string> = {
  accept: "/accept 编号（或回复/引用诉求卡片发送 /accept）",
  reject: "/reject 编号 不予受理的理由",
  reply: "/reply 编号 答复内容（或直接回复/引用诉求卡片）",
  transfer: "/transfer 编号 部门名称 [转办理由]",
  resolve: "/resolve 编号 办理结果",
  note: "/note 编号 备注内容（仅内部可见）",
  mine: "/mine",
  case: "/case 编号",
  withdraw: "/withdraw 编号",
  extend: "/extend 编号 天数 延期理由（报主管领导批准）",
  approve: "/approve 编号（主管领导批准延期）",
  deny: "/deny 编号 不批准的理由",
  review: "/review 编号 申请复查的理由",
  assign: "/assign 编号 承办人姓名 [说明]（部门负责人或主管领导指派）",
  merge: "/merge 编号 主件编号（同一问题多人反映：本件并入主件办理）",
};

const numbered = (options: string[]) => options.map((o, i) => `${i + 1}. ${o}`).join("\n");
const channels = { wechat: "微信", telegram: "Telegram", web: "网页聊天" } as const;
const stars = (n: number) => "★".repeat(n) + "☆".repeat(5 - n);

/** The receipt of a filed case, and what its channel says of following it. */
const receipt = (c: CaseView, followUp: string) => ["✅ 您的诉求已登记", `编号：${c.number}`, `承办部门：${c.department}`, `预计 ${c.answerDueAt} 前答复您`, "", followUp].join("\n");

function caseHeader(c: CaseView): string {
  return [
    `编号：${c.number}${c.urgent ? "（紧急）" : ""}`,
    `状态：${states[c.state]}`,
    `类别：${c.category}${c.community ? `｜社区：${c.community}` : ""}`,
    `承办部门：${c.department}`,
    `提交时间：${c.createdAt}`,
    `答复时限：${c.answerDueAt}`,
    ...(c.finishDueAt ? [`办结时限：${c.finishDueAt}`] : []),
    ...(c.reviewCount > 0 ? [`复查：${c.reviewCount} 次`] : []),
    ...(c.rating ? [`评价：${stars(c.rating)}`] : []),
  ].join("\n");
}

function timeline(list: EventView[]): string {
  return list
    .map((e) => `· ${e.at} ${e.actor} ${events[e.type]}${e.internal ? "（内部）" : ""}${e.body ? `：${e.body}` : ""}`)
    .join("\n");
}


const noticeTitles: Record<NoticeKind, string> = {
  accepted: "信访事项受理告知书",
  not_accepted: "信访事项不予受理告知书",
  extended: "信访事项延期办理告知书",
  answer: "信访事项处理意见书",
  review_answer: "信访事项复查意见书",
  re_review_answer: "信访事项复核意见书",
};

/** The notices' legal text (信访工作条例, 2022): what each says, in the words such notices use. */
export const zhHansNotice: NoticeTexts = {
  title: (kind) => noticeTitles[kind],
  addressee: (name) => `${name ?? "反映人"}：`,
  body: (kind, f) => {
    const received = `你于${f.filedOn}提出的信访事项（编号${f.caseNumber}，“${f.matter}”）`;
    switch (kind) {
      case "accepted":
        return [
          `${received}已收悉。经审查，该事项符合《信访工作条例》规定的受理条件，依据该条例第二十三条的规定，本机关决定予以受理，交由${f.department}办理。`,
          `本机关将于${f.until}前将处理意见告知你。办理期间，你可以通过原渠道查询办理进展。`,
          "特此告知。",
        ];
      case "not_accepted":
        return [
          `${received}已收悉。经审查，该事项不予受理，理由如下：${f.reason.replace(/[。．.！!]?$/, "。")}`,
          "依据《信访工作条例》第二十三条的规定，特此告知。",
        ];
      case "extended":
        return [
          `${received}，本机关已依法受理，现由${f.department}办理。因${f.reason}，该事项未能在规定期限内办结，依据《信访工作条例》第三十四条的规定，经批准，办理期限延长至${f.until}。`,
          "特此告知。",
        ];
      case "answer":
        return [
          `${received}，经${f.department}调查核实，现提出处理意见如下：`,
          f.reason,
          `你如对本处理意见不服，可以于${f.until}前向${f.nextBody ?? "上一级行政机关"}请求复查。`,
        ];
      case "review_answer":
        return [
          `你对编号${f.caseNumber}信访事项处理意见提出的复查请求，本机关已依法受理。经复查，现提出复查意见如下：`,
          f.reason,
          `你如对本复查意见不服，可以于${f.until}前向${f.nextBody ?? "上一级行政机关"}请求复核。`,
        ];
      case "re_review_answer":
        return [
          `你对编号${f.caseNumber}信访事项复查意见提出的复核请求，本机关已依法受理。经复核，现提出复核意见如下：`,
          f.reason,
          "依据《信访工作条例》第三十六条的规定，本复核意见为该信访事项的最终意见。你如仍以同一事实和理由提出信访事项，各级机关不再受理。",
        ];
    }
  },
  number: (year, serial) => `〔${year}〕${serial}号`,
  date: (y, m, d) => `${y}年${m}月${d}日`,
  page: (n) => `— ${n} —`,
};

export const zhHans: Texts = {
  notice: zhHansNotice,
  noticeIssued: (title, number, link) => `📄 已向您出具《${title}》（${number}）。` + (link ? `查看或下载：${link}` : "请妥善保存。"),
  dateTime: (date, timeZone) =>
    dateTimeFormat("zh-CN", timeZone, dayAndTime).format(date),
  stateName: (s) => states[s],
  eventName: (t) => events[t],

  greeting: (name) =>
    `您好！这里是${name}“民情通”，您可以直接在这里向政府部门反映问题、提出诉求。\n\n` +
    "· 用文字说说遇到了什么事、在哪里，也可以发照片和位置；\n" +
    "· 发送 /status 查看您的诉求办理进度；\n" +
    "· 发送 /help 查看全部功能。\n\n" +
    "我们承诺：件件有回音，事事有着落。",
  residentHelp:
    "您可以：\n" +
    "· 直接描述问题来提交诉求（可附照片、位置）；\n" +
    "· /status 查看我的诉求；\n" +
    "· /case 编号 查看某件诉求的办理过程；\n" +
    "· /withdraw 编号 撤回诉求；\n" +
    "· /review 编号 理由：对办理结果不满意，办结后 30 天内可申请复查，由上一级机关办理；对复查意见不满意，可再申请一次复核；\n" +
    "· /cancel 放弃正在填写的诉求。\n" +
    "如遇火灾、燃气泄漏、有人受伤等危险，请先拨打 119 / 120 / 110。",
  describeProblem: "请用一两句话描述您遇到的问题，例如：“东街社区3号楼前的路灯坏了一个星期了”。",
  reportPrompt: (body) => `请说明您要反映的单位或干部（如“城管”“某某局的某某”）以及具体情况：时间、地点、经过。您反映的问题将由${body}办理，不会转给被反映的单位或人员（《信访工作条例》第三十条）。`,
  reportGoesTo: (body) => `您反映的是干部作风问题，将由${body}办理，不会转给被反映的单位或人员（《信访工作条例》第三十条）。`,
  askCategory: (options, tap) => `请问您的问题属于哪一类？${tap ? "请点选，或回复序号" : "请回复序号"}：\n${numbered(options)}`,
  askLikelyCategory: (options, tap) => `您反映的问题可能属于下面哪一类？${tap ? "请点选，或回复序号" : "请回复序号"}：\n${numbered(options)}`,
  otherCategoriesOption: "都不是，看全部类别",
  askCommunity: (options, tap) => `请问问题发生在哪个社区（村）？${tap ? "请点选，或回复序号" : "请回复序号"}：\n${numbered(options)}`,
  communityUnknownOption: "不清楚 / 其他地方",
  choiceNotUnderstood: (tap) => `没有看懂您的选择，${tap ? "请点选按钮或回复序号" : "请回复序号"}。回复“取消”可放弃本次填写。`,
  confirmNotUnderstood: (tap) => `没有看懂。${tap ? "提交请点“确认提交”或回复“确认”" : "提交请回复“确认”"}；放弃请回复“取消”；也可以继续补充文字或照片。`,
  summary: (d, tap) =>
    [
      "请核对您的诉求：",
      `类别：${d.category ?? "待确定"}`,
      `社区：${d.community ?? "未填写"}`,
      ...(d.urgent ? ["紧急：是（将按紧急件优先处理）"] : []),
      ...(d.photos > 0 || d.hasLocation ? [`附件：${d.photos > 0 ? `照片${d.photos}张` : ""}${d.photos > 0 && d.hasLocation ? "，" : ""}${d.hasLocation ? "位置1处" : ""}`] : []),
      `内容：${d.text}`,
      "",
      `确认无误请${tap ? "点“确认提交”或" : ""}回复“确认”；还可以继续补充文字或照片；回复“取消”放弃。`,
    ].join("\n"),
  confirmButton: "确认提交",
  cancelButton: "取消",
  photoAdded: (n) => `已收到照片（共${n}张），会随诉求一起提交。`,
  locationAdded: "已收到位置，会随诉求一起提交。",
  cancelled: "好的，已取消，本次内容没有提交。需要时随时来找我们。",
  nothingToCancel: "当前没有正在填写的诉求。",
  textTruncated: (limit) => `您的内容较长，已保留前 ${limit} 个字。`,
  receipt: (c) => receipt(c, `办理进展会在这里告诉您。发送 /status 查看全部诉求，或发送 /case ${c.number} 查看办理过程。`),
  emergencyAdvice: (kind, line) =>
    kind === null
      ? "⚠️ 已按紧急件处理，工作人员会尽快处置。如有人身危险，请立即拨打 119 / 120 / 110。"
      : `${
          {
            gas: `⚠️ 疑似燃气泄漏，请马上这样做：\n1. 立即离开房间，带上家人；\n2. 不要开关任何电器和电灯，不要点火，不要在屋里打电话；\n3. 到室外安全的地方，再拨打燃气公司抢修电话${line ? ` ${line}` : ""}或 119。`,
            fire: "🔥 请立即拨打 119 报警。马上撤离，不要乘电梯；用湿毛巾捂住口鼻，弯腰沿安全出口走；不要返回取东西。",
            flood: "🌊 请拨打 119 求助。远离泡水的电器和插座，能安全做到时先关掉总电闸；有人被困请说明人数和位置。",
            medical: "🚑 请立即拨打 120 急救电话，说清地址和病人的情况；急救人员到达前不要随意搬动伤者（有人触电：先切断电源，不要用手直接拉）。",
            crime: "🚨 请立即拨打 110 报警。先保护好自己，远离危险的人和地方。",
            rescue: "🆘 请立即拨打 119 求救，说清地点和被困的人数；不要贸然进入危险的地方。",
          }[kind]
        }\n已按紧急件登记，工作人员会尽快处置。`,
  emergencyDetails: (n) => `为了尽快处置，请补充：① 具体位置（小区、楼栋、单元、门牌）；② 现场情况（有没有人受伤或被困）。直接回复即可，会补充到诉求 ${n}。`,
  supplementAdded: (n, tap) => `已补充到诉求 ${n}，工作人员会看到。如果这是另一件事，${tap ? "请点“作为新诉求提交”或" : "请"}回复“新诉求”。`,
  alreadyReported: (c, tap, mine) =>
    `您在 ${(mine ?? c).createdAt} 已反映过此事（编号 ${(mine ?? c).number}）${mine ? `，它与其他群众反映的同一问题已并入 ${c.number} 一起办理` : ""}，这次说的已补充到${mine ? ` ${c.number}` : "该诉求"}，${c.department}会一并看到，不用重复提交。如果这是另一件事，${tap ? "请点“作为新诉求提交”或" : "请"}回复“新诉求”。`,
  newMatterButton: "作为新诉求提交",
  supplementHint: (n, tap) => `想补充诉求 ${n}，直接发文字就行；如果是另一件事，${tap ? "请点“作为新诉求提交”或" : "请"}回复“新诉求”。`,
  statusList: (cases) =>
    "您的诉求：\n" + cases.map((c) => `· ${c.number}【${states[c.state]}】${c.department}：${c.text.slice(0, 30)}`).join("\n") + "\n\n发送 /case 编号 查看详情。",
  noCases: "您还没有提交过诉求。直接描述您遇到的问题就可以提交。",
  caseForResident: (c, list) => `${caseHeader(c)}\n内容：${c.text}\n\n办理过程：\n${timeline(list)}`,
  caseNotFound: (n) => `没有找到编号为 ${n} 的诉求，请核对编号。发送 /status 可查看您的全部诉求。`,
  needCaseNumber: (cmd) => `请在命令后写上诉求编号，例如：/${cmd} MQ-20261123-0001`,
  withdrawn: (n) => `诉求 ${n} 已撤回。如还需要帮助，随时再来。`,
  cannotDo: (n, s) => `诉求 ${n} 当前状态为“${states[s]}”，不能进行这个操作。`,
  unsupportedContent: "暂时只能接收文字、照片和位置。请用文字描述您的问题。",
  unknownCommand: "没有这个命令。发送 /help 查看可以使用的命令。",
  slowDown: "您发送得太快了，请稍等一分钟再发。我们会认真处理每一条诉求。",
  appealLimitReached: (n) => `您一小时内已经提交了 ${n} 件诉求，请稍后再提交这一件（内容已为您保留，稍后回复“确认”即可）。如遇紧急危险，请直接拨打 110 / 119 / 120。`,
  webTooManyRequests: (s) => `您所在的网络现在发送的消息太多，这条消息还没有送达，请在 ${s < 60 ? `${s} 秒` : `${Math.ceil(s / 60)} 分钟`}后再发送。如遇紧急危险，请直接拨打 110 / 119 / 120。`,
  somethingWentWrong: "抱歉，系统刚才出了点问题，这条消息没有处理成功，请稍后再发一次。",

  acceptedUpdate: (c) => `📋 您的诉求 ${c.number} 已受理，由${c.department}${c.cadre}负责办理。`,
  replyUpdate: (c, text) => `💬 ${c.department}就诉求 ${c.number} 答复您：\n${text}`,
  rejectedUpdate: (c, reason) => `诉求 ${c.number} 不予受理。\n理由：${reason}\n如有疑问，可以补充情况后重新提交。`,
  transferredUpdate: (c) => `🔄 您的诉求 ${c.number} 已转交${c.department}办理。`,
  resolvedUpdate: (c, text) => `✅ 您的诉求 ${c.number} 已办结。\n办理结果：${text}`,
  ratePrompt: (n, tap) => `请为诉求 ${n} 的办理结果打分（1-5分，5分最满意）：${tap ? "点选按钮或回复数字" : "请直接回复数字 1 到 5"}。`,
  ratingLabels: ["1 很不满意", "2 不满意", "3 一般", "4 满意", "5 很满意"],
  ratingThanks: (n, r) =>
    r <= 2 ? `收到您对诉求 ${n} 的评价（${r}分）。很抱歉没能让您满意，已重新交办，我们会继续跟进。` : `感谢您对诉求 ${n} 的评价（${r}分）！`,
  reopenedUpdate: (c) => `诉求 ${c.number} 已重新交由${c.department}办理。`,
  reviewOpened: (c, stage) =>
    `🔁 已受理您对诉求 ${c.number} 的${reviewWord[stage]}申请，由${c.department}${reviewWord[stage]}，将于 ${c.finishDueAt ?? c.answerDueAt} 前答复。${stage === "re_review" ? "复核意见为最终意见。" : ""}`,
  extensionApprovedUpdate: (c, days, reason) => `⏳ 诉求 ${c.number} 经批准延期 ${days} 天，新的办结时限为 ${c.finishDueAt ?? ""}。\n原因：${reason}`,
  stillHandling: (c) => `您的诉求 ${c.number} 仍在办理中，由${c.department}负责，预计 ${c.finishDueAt ?? c.answerDueAt} 前办结。我们没有忘记您。`,
  ratingReminder: (n) => `诉求 ${n} 已办结，您还没有评价。请回复数字 1 到 5 打分（5 分最满意）。`,
  closedUnrated: (n) => `诉求 ${n} 已办结，因较长时间未收到评价，已自动结案。如对结果有异议，可在 30 天内发送 /review ${n} 理由 申请复查。`,

  card: (c, mention) =>
    [
      `${c.urgent ? "🚨【紧急】" : "📥"}新诉求 ${c.number}`,
      `类别：${c.category}｜社区：${c.community ?? "未填写"}`,
      `责任人：${mention}`,
      `答复时限：${c.answerDueAt}`,
      "——",
      c.text,
    ].join("\n"),
  cardHint: (quote) => `${quote ? "引用本消息回复" : "回复本消息"}即答复群众；也可用 /accept /resolve /reject /transfer /note。`,
  photoCaption: (n) => `${n} 附图`,
  photoOnOtherChannel: (n, count) => `${n} 附有照片${count}张（群众通过其他渠道发送，请在后台查看）。`,
  locationLine: (lat, lon) => `位置：${lat.toFixed(5)}, ${lon.toFixed(5)}`,
  cadreHelp:
    "办理命令（回复或引用诉求卡片时可省略编号）：\n" + Object.values(usages).map((u) => `· ${u}`).join("\n") + "\n中文也可以：受理、答复、不予受理、转办、办结、备注、指派、我的、查看。\n私聊发送 /dashboard（台账）获取网页台账的登录链接。",
  notACadre: "抱歉，只有登记在册的工作人员才能办理诉求。",
  groupNotBound: (id) => `本群还没有绑定部门，不能办理诉求。管理员可在部署配置中把本群 ID ${id} 绑定到部门。`,
  chatIdAnswer: (channel, id) => `本会话 ID：${id}（${channel}）。把它写进部署配置中部门的 groups 即可绑定。`,
  notYourCase: (n) => `诉求 ${n} 不属于您的部门，不能办理。`,
  usage: (cmd) => `用法：${usages[cmd]}`,
  unknownDepartment: (name, known) => `没有找到部门“${name}”。可选：${known.join("、")}`,
  sameDepartment: (n) => `诉求 ${n} 已经在该部门。`,
  ackAccepted: (n) => `已受理 ${n}。`,
  ackReplied: (n) => `已将答复转给群众（${n}）。`,
  ackRejected: (n) => `已不予受理 ${n}，理由已告知群众。`,
  ackTransferred: (n, d) => `已将 ${n} 转交${d}。`,
  ackResolved: (n) => `已办结 ${n}，已请群众评价。`,
  ackNoted: (n) => `已记录备注（${n}，仅内部可见）。`,
  transferredIn: (n, from, reason) => `（由${from}转来${reason ? `，理由：${reason}` : ""}）`,
  ratedNotice: (n, r) => `群众对 ${n} 的评价：${stars(r)}（${r}分）`,
  reopenedNotice: (n, r, mention) => `⚠️ 群众对 ${n} 的办理结果不满意（${r}分），已重新交办，请 ${mention} 尽快处理。`,
  withdrawnNotice: (n) => `群众已撤回诉求 ${n}，无需继续办理。`,
  supplementNotice: (n, text, repeat) => `📎 群众${repeat ? "再次反映" : "补充了"}诉求 ${n}${repeat ? "（同一事项，已并入本件）" : ""}：\n${text}`,
  mergedUpdate: (n, lead) => `🔗 您反映的诉求 ${n} 与其他群众反映的是同一问题，已并入 ${lead} 一起办理。之后的办理进展会同样告诉您。`,
  mergedNotice: (n, lead) => `🔗 诉求 ${n} 已并入 ${lead} 一并办理，${n} 的群众会收到 ${lead} 的每一步进展。`,
  unmergedUpdate: (n, lead) => `您的诉求 ${n} 之前并入 ${lead} 一起办理；${lead} 已由其反映人撤回，您的诉求 ${n} 恢复单独办理，进展会继续告诉您。`,
  unmergedNotice: (n, lead) => `↩️ ${lead} 已由群众撤回；并入其中的诉求 ${n} 恢复单独办理，请继续跟进。`,
  possiblySame: (lead, people, n) => `⚠️ 可能与 ${lead} 为同一问题（${people} 人反映）。确认后发送 /merge ${n} ${lead} 并案办理。`,
  ackMerged: (n, lead) => `已将 ${n} 并入 ${lead}，其群众会收到 ${lead} 的办理进展。`,
  mine: (cases) =>
    "待办诉求：\n" + cases.map((c) => `· ${c.number}【${states[c.state]}】${c.urgent ? "🚨" : ""}${c.text.slice(0, 30)}（时限 ${c.answerDueAt}）`).join("\n"),
  noOpenCases: "目前没有待办诉求。",
  caseForCadre: (c, list) => `${caseHeader(c)}\n责任人：${c.cadre}\n内容：${c.text}\n\n办理过程：\n${timeline(list)}`,

  nudge: (c, stage, mention) =>
    `${stage.endsWith("overdue") ? "⚠️" : "⏰"}${c.urgent ? "【紧急】" : ""}诉求 ${c.number} ${stages[stage]}（${dueOf(c, stage)}），请 ${mention} 及时办理。\n${c.text.slice(0, 60)}`,
  escalation: (c, stage, cadre) =>
    `🔔【督办】${c.department}的诉求 ${c.number} ${stages[stage]}（${dueOf(c, stage)}），责任人：${cadre}。\n${c.text.slice(0, 60)}\n发送 /case ${c.number} 查看详情。`,
  extensionRequested: (c, cadre, days, reason) =>
    `📝 ${cadre}申请将诉求 ${c.number} 延期 ${days} 天（现办结时限 ${c.finishDueAt ?? ""}）。\n理由：${reason}\n主管领导请发送 /approve ${c.number} 批准，或 /deny ${c.number} 理由 不批准。`,
  extensionApprovedNotice: (c, days) => `诉求 ${c.number} 已批准延期 ${days} 天，新的办结时限：${c.finishDueAt ?? ""}。`,
  extensionDeniedNotice: (n, reason) => `诉求 ${n} 的延期申请未获批准。理由：${reason}。请按原时限办结。`,
  reviewNotice: (c, stage, from, reason) =>
    `🔁 群众不服${from}的${stage === "review" ? "答复" : "复查意见"}，申请${reviewWord[stage]}诉求 ${c.number}，由本单位${reviewWord[stage]}，答复时限：${c.finishDueAt ?? ""}。\n理由：${reason}`,
  reviewForwarded: (n, stage, reviewer) =>
    `ℹ️ 群众对本单位办结的诉求 ${n} 的${stage === "review" ? "答复" : "复查意见"}申请${reviewWord[stage]}，已由${reviewer}${reviewWord[stage]}。`,
  closedUnratedNotice: (n) => `诉求 ${n} 超时未评价，已自动结案（计为未评价）。`,
  reassignedNotice: (n, from, mention) => `诉求 ${n} 的原承办人 ${from} 已不在本部门名册，已改由 ${mention} 承办，请跟进。`,
  assignedToYou: (c, by, note) => `📌 ${by}将诉求 ${c.number} 指派给您承办，答复时限：${c.answerDueAt}。${note ? `\n说明：${note}` : ""}\n${c.text.slice(0, 60)}\n发送 /case ${c.number} 查看详情。`,
  assignedNotice: (n, by, mention, note) => `📌 ${by}已将诉求 ${n} 指派给 ${mention} 承办，请跟进。${note ? `\n说明：${note}` : ""}`,
  unknownCadre: (name, known) => `本部门没有找到工作人员“${name}”。可选：${known.join("、")}`,
  ackAssigned: (n, cadre) => `已将 ${n} 指派给${cadre}，已通知本人。`,
  departedCadre: (id) => `${id}（已不在名册）`,
  ackExtensionRequested: (n) => `已提交 ${n} 的延期申请，等待主管领导批准。`,
  ackApproved: (n) => `已批准 ${n} 延期，已告知群众新的时限。`,
  ackDenied: (n) => `已不批准 ${n} 的延期申请。`,
  refused: (reason, n, max) =>
    ({
      extension_used: `诉求 ${n} 已经延期过一次，按规定不能再延期。`,
      extension_pending: `诉求 ${n} 已有延期申请在等待批准。`,
      extension_too_long: `延期天数须在 1 到 ${max} 天之间（信访工作条例规定最长 30 天）。`,
      no_extension_requested: `诉求 ${n} 没有待批准的延期申请。`,
      not_a_supervisor: "只有主管领导可以批准或不批准延期。",
      review_window_closed: `诉求 ${n} 已超过可申请复查的期限（办结后 30 天）。`,
      no_further_review: `诉求 ${n} 已经复查、复核，不再受理。根据《信访工作条例》第三十六条，对复核意见不服，仍以同一事实和理由提出的，不再受理。`,
      no_review_body: `诉求 ${n} 的复查（复核）机关不在本平台，请直接向其上一级机关书面提出（《信访工作条例》第三十五、三十六条）。`,
      same_department: `诉求 ${n} 已经在该部门。`,
      not_a_lead: "只有部门负责人或主管领导可以指派承办人。",
      not_of_department: `只能指派给诉求 ${n} 所在部门的工作人员。`,
      cadre_inactive: `这位工作人员已不在岗，请将诉求 ${n} 指派给在岗的同事。`,
      already_assigned: `诉求 ${n} 已经由这位工作人员承办。`,
      merge_target: `只能并入另一件在办的诉求，请核对主件编号（${n} 不变）。`,
      merge_not_yours: `主件不属于您的部门，不能把 ${n} 并入。请联系主件所在部门或主管领导。`,
      accused_department: `诉求 ${n} 反映的是该部门或其工作人员的问题。根据《信访工作条例》第三十条，不能交由被反映的部门或人员办理，请选择其他部门。`,
    })[reason],
  dailyDigest: (department, date, d) => `📊 ${department} ${date} 诉求日报\n${digestLine(d)}\n发送 /mine 查看待办。`,
  weeklyDigest: (week, rows) => `📊 ${week} 诉求周报\n${rows.map((r) => `· ${r.department}：${digestLine(r.counts)}`).join("\n")}`,
  loginLink: (url, minutes) => `台账登录链接（${minutes} 分钟内有效，只能用一次，请勿转发）：\n${url}`,
  loginLinkPrivateOnly: "为安全起见，登录链接只在私聊中发送。请私聊我发送 /dashboard。",

  ledgerColumns: {
    number: "编号", state: "状态", urgent: "紧急", category: "类别", community: "社区", department: "承办部门", cadre: "责任人",
    createdAt: "提交时间", answerDueAt: "答复时限", acceptedAt: "受理时间", firstAnswerAt: "首次答复", resolvedAt: "办结时间",
    closedAt: "结案时间", rating: "评价", overdue: "超期", text: "诉求内容",
  },
  statsColumns: {
    department: "部门", community: "社区", category: "类别", month: "月份", filed: "受理量", responseRate: "响应率",
    resolutionRate: "解决率", satisfactionRate: "满意率", hoursToAccept: "平均受理用时（小时）", hoursToAnswer: "平均答复用时（小时）",
    hoursToFinish: "平均办结用时（小时）", open: "在办", overdue: "超期", rated: "评价数", total: "合计", noCommunity: "未填写社区", people: "人次", matters: "件数",
  },
  yes: "是",
  no: "否",
  channelName: (channel) => channels[channel],
  channelLoggedOut: (channel, detail) =>
    `⚠️ 民情通的${channels[channel]}账号已退出登录${detail ? `（${detail}）` : ""}。该渠道暂时收不到消息；要发出的消息都已保留，重新登录后自动补发。` +
    "请运维人员尽快重新登录（微信：扫描终端里或服务日志中 /wechat/qr 链接页面上的二维码）。",
  channelLoggedIn: (channel, detail) => `✅ 民情通的${channels[channel]}账号已重新登录${detail ? `（${detail}）` : ""}，积压的消息正在补发。`,
  deadLetterAlarm: (channel, waiting, link) =>
    `⚠️ 民情通有发往${channels[channel]}的消息无法送达，已停止重试并移入“投递失败”（该渠道现有 ${waiting} 条）。` +
    `同一聊天之后的消息照常发送。请运维人员在台账的“投递失败”页查看原因，重新投递或丢弃${link ? `：${link}` : "。"}`,
  deadLetterRetriedNote: (channel) => `一条发往${channels[channel]}的消息未能送达，已由督办人员重新投递。`,
  groupBound: (channel, group) => `✅ ${channels[channel]}群“${group}”已绑定：民情通发给“${group}”的消息从此只发到这个群。如果不是运维人员或部门有意绑定的，请立即联系运维人员。`,
  groupUnbound: (channel, group) =>
    `⚠️ ${channels[channel]}群“${group}”还没有绑定（或重新登录后找不到原来绑定的群），发给它的消息暂时保留。` +
    "请运维人员打开服务日志里的 /wechat/qr 登录页面，在该群里发送页面上显示的“绑定 …”（每个绑定码只能用一次）。",
  groupImpostor: (channel, group) =>
    `⚠️ 有另一个${channels[channel]}群也叫“${group}”，但它不是已绑定的那个群：民情通不理会它，消息仍只发到已绑定的群。请提醒大家不要在那个群里办理诉求；若不知道是谁建的，可能有人想冒充部门群。`,
};

export const zhHansOnTheWeb: WebChatWording = {
  greeting: (name) =>
    `您好！这里是${name}“民情通”，您可以直接在这里向政府部门反映问题、提出诉求。\n\n` +
    "· 用文字说说遇到了什么事、在哪里，也可以点“照片”“位置”一起发来；\n" +
    "· 点下方的“我的诉求”，查看每件诉求的办理进度；\n" +
    "· 点“帮助”查看全部功能。\n\n" +
    "我们承诺：件件有回音，事事有着落。",
  residentHelp:
    "您可以：\n" +
    "· 直接描述问题来提交诉求（可点“照片”“位置”附上）；\n" +
    "· 点“我的诉求”查看每件诉求的状态、时限和办理过程；\n" +
    "· 点“查询进度”，在对话里列出您的诉求；\n" +
    "· 不再需要办理：在“我的诉求”里点该诉求的“撤回”；\n" +
    "· 对办理结果不满意：在“我的诉求”里点该诉求的“申请复查”，写明理由（可申请的最后日期写在按钮旁），由上一级机关复查；对复查意见不满意，可同样再申请一次复核；\n" +
    "· 回复“取消”放弃正在填写的诉求。\n" +
    "如遇火灾、燃气泄漏、有人受伤等危险，请先拨打 119 / 120 / 110。",
  receipt: (c) => receipt(c, "办理进展会在这里告诉您；随时点“我的诉求”可查看办理过程。"),
  statusList: (cases) =>
    "您的诉求：\n" + cases.map((c) => `· ${c.number}【${states[c.state]}】${c.department}：${c.text.slice(0, 30)}`).join("\n") + "\n\n点“我的诉求”查看每件的办理过程。",
  caseNotFound: (n) => `没有找到编号为 ${n} 的诉求，请核对编号。点“我的诉求”可查看您的全部诉求。`,
  unknownCommand: "没有这个命令。点“帮助”看看可以做什么。",
  closedUnrated: (n) => `诉求 ${n} 已办结，因较长时间未收到评价，已自动结案。如对结果有异议，可在“我的诉求”里点该诉求的“申请复查”。`,
};
