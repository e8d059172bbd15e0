/*
 * Every string the web chat pages show, in three languages. Messages from the bot are not here:
 * they come from the core in the resident's language.
 * The page picks ?lang= first, then the browser's languages, then zh-Hans.
 */
(function () {
  "use strict";

  var TEXTS = {
    "zh-Hans": {
      appName: "民情通",
      languageName: "简体中文",
      languageLabel: "界面语言",
      botName: "民情通",
      residentTitle: "民情通 · 在线反映问题",
      residentSubtitle: "有事您说话，件件有着落",
      welcome:
        "您好！请直接描述您遇到的问题，写清地点、时间和情况。我们会登记并给您一个案件编号，办理进展都会在这里告诉您。",
      storageNote: "您的会话只保存在本浏览器中，请不要在公用电脑上留下未办完的事项。",
      cadreLink: "干部入口",
      residentLink: "群众入口",
      composerPlaceholder: "请输入您要反映的问题…",
      send: "发送",
      sending: "发送中…",
      retrying: "未送达，正在重试…",
      failed: "发送失败：{error}",
      tooBusy: "您所在的网络现在发送的消息太多，刚才的内容没有送达，已放回输入框。请在 {wait}后再发送。如遇紧急危险，请直接拨打 110 / 119 / 120。",
      waitSeconds: "{n} 秒",
      waitMinutes: "{n} 分钟",
      connecting: "正在连接…",
      reconnecting: "连接已断开，正在重新连接…",
      photoNote: "［此消息含有图片，网页版暂不显示］",
      newMessages: "有新消息 ↓",
      alarm: "紧急",
      you: "我",
      resident: "群众",
      cadreTitle: "民情通 · 干部工作台",
      cadreSubtitle: "干部工作台",
      signInTitle: "干部登录",
      signInHint: "请使用单位分配的账号登录。",
      account: "账号",
      password: "密码",
      signIn: "登录",
      signingIn: "正在登录…",
      signInWrong: "账号或密码错误。",
      signInThrottled: "密码错误次数过多，请稍后再试；也可以在私聊中向机器人发送 /dashboard 获取登录链接。",
      signInBusy: "登录的人太多，请几秒后再试。",
      signInFailed: "登录失败，请稍后再试。",
      sessionExpired: "登录已过期，请重新登录。",
      signOut: "退出登录",
      signedInAs: "{name}",
      chatsLabel: "会话",
      privateChat: "与机器人私聊",
      emptyGroup: "暂无消息。新案件会以卡片形式出现在这里。",
      emptyPrivate: "在这里向机器人发送命令，例如 /mine 查看我的待办。",
      reply: "回复",
      replyingTo: "回复：",
      cancelReply: "取消回复",
      groupPlaceholder: "输入命令或回复，回车发送，Shift+回车换行",
      privatePlaceholder: "输入命令，例如 /mine",
      mentionsYou: "提到了你",
      helpTitle: "常用命令",
      helpCommands: [
        ["/accept N", "受理案件"],
        ["/reply N 内容", "答复群众"],
        ["/reject N 理由", "不予受理，并说明理由"],
        ["/transfer N 部门 理由", "转交其他部门"],
        ["/resolve N 办理结果", "办结并告知结果"],
        ["/note N 内容", "内部备注，群众看不到"],
        ["/mine", "列出我的待办"],
        ["/case N", "查看案件详情"]
      ],
      helpCaseNumber: "N 为案件编号。",
      helpReplyHint: "点卡片上的「回复」再写命令，就不用写 N，例如：/accept"
    },

    "zh-Hant": {
      appName: "民情通",
      languageName: "繁體中文",
      languageLabel: "介面語言",
      botName: "民情通",
      residentTitle: "民情通 · 線上反映問題",
      residentSubtitle: "有事您說話，件件有著落",
      welcome:
        "您好！請直接描述您遇到的問題，寫清地點、時間和情況。我們會登記並給您一個案件編號，辦理進展都會在這裡告訴您。",
      storageNote: "您的會話只保存在本瀏覽器中，請不要在公用電腦上留下未辦完的事項。",
      cadreLink: "幹部入口",
      residentLink: "群眾入口",
      composerPlaceholder: "請輸入您要反映的問題…",
      send: "傳送",
      sending: "傳送中…",
      retrying: "未送達，正在重試…",
      failed: "傳送失敗：{error}",
      tooBusy: "您所在的網路現在傳送的訊息太多，剛才的內容沒有送達，已放回輸入框。請在 {wait}後再傳送。如遇緊急危險，請直接撥打 110 / 119 / 120。",
      waitSeconds: "{n} 秒",
      waitMinutes: "{n} 分鐘",
      connecting: "正在連線…",
      reconnecting: "連線已中斷，正在重新連線…",
      photoNote: "［此訊息含有圖片，網頁版暫不顯示］",
      newMessages: "有新訊息 ↓",
      alarm: "緊急",
      you: "我",
      resident: "群眾",
      cadreTitle: "民情通 · 幹部工作台",
      cadreSubtitle: "幹部工作台",
      signInTitle: "幹部登入",
      signInHint: "請使用單位分配的帳號登入。",
      account: "帳號",
      password: "密碼",
      signIn: "登入",
      signingIn: "正在登入…",
      signInWrong: "帳號或密碼錯誤。",
      signInThrottled: "密碼錯誤次數過多，請稍後再試；也可以在私聊中向機器人發送 /dashboard 取得登入連結。",
      signInBusy: "登入的人太多，請幾秒後再試。",
      signInFailed: "登入失敗，請稍後再試。",
      sessionExpired: "登入已逾時，請重新登入。",
      signOut: "登出",
      signedInAs: "{name}",
      chatsLabel: "會話",
      privateChat: "與機器人私聊",
      emptyGroup: "暫無訊息。新案件會以卡片形式出現在這裡。",
      emptyPrivate: "在這裡向機器人傳送指令，例如 /mine 查看我的待辦。",
      reply: "回覆",
      replyingTo: "回覆：",
      cancelReply: "取消回覆",
      groupPlaceholder: "輸入指令或回覆，Enter 傳送，Shift+Enter 換行",
      privatePlaceholder: "輸入指令，例如 /mine",
      mentionsYou: "提到了你",
      helpTitle: "常用指令",
      helpCommands: [
        ["/accept N", "受理案件"],
        ["/reply N 內容", "答覆群眾"],
        ["/reject N 理由", "不予受理，並說明理由"],
        ["/transfer N 部門 理由", "轉交其他部門"],
        ["/resolve N 辦理結果", "辦結並告知結果"],
        ["/note N 內容", "內部備註，群眾看不到"],
        ["/mine", "列出我的待辦"],
        ["/case N", "查看案件詳情"]
      ],
      helpCaseNumber: "N 為案件編號。",
      helpReplyHint: "點卡片上的「回覆」再寫指令，就不用寫 N，例如：/accept"
    },

    "en": {
      appName: "Minqing",
      languageName: "English",
      languageLabel: "Language",
      botName: "Minqing",
      residentTitle: "Minqing · Tell us about a problem",
      residentSubtitle: "Every appeal gets an answer",
      welcome:
        "Hello! Describe the problem in your own words: where, when and what happened. We will register it, give you a case number and tell you here how it is going.",
      storageNote: "Your conversation is kept in this browser only; do not leave an open matter on a shared computer.",
      cadreLink: "Staff sign-in",
      residentLink: "Resident page",
      composerPlaceholder: "Describe your problem…",
      send: "Send",
      sending: "Sending…",
      retrying: "Not delivered yet, retrying…",
      failed: "Not sent: {error}",
      tooBusy: "Too many messages are coming from your network right now. What you wrote was not delivered and is back in the box below: please send it again in {wait}. In an emergency, call 110 / 119 / 120.",
      waitSeconds: "{n} seconds",
      waitMinutes: "{n} minutes",
      connecting: "Connecting…",
      reconnecting: "Connection lost, reconnecting…",
      photoNote: "[This message has a photo, which the web chat does not show]",
      newMessages: "New messages ↓",
      alarm: "Urgent",
      you: "Me",
      resident: "Resident",
      cadreTitle: "Minqing · Staff desk",
      cadreSubtitle: "Staff desk",
      signInTitle: "Staff sign-in",
      signInHint: "Use the account your office gave you.",
      account: "Account",
      password: "Password",
      signIn: "Sign in",
      signingIn: "Signing in…",
      signInWrong: "Wrong account or password.",
      signInThrottled: "Too many wrong passwords. Please try again later, or send /dashboard to the bot in a private chat for a sign-in link.",
      signInBusy: "Many people are signing in at once. Please try again in a few seconds.",
      signInFailed: "Could not sign in. Please try again later.",
      sessionExpired: "Your session has expired. Please sign in again.",
      signOut: "Sign out",
      signedInAs: "{name}",
      chatsLabel: "Chats",
      privateChat: "Private chat with the bot",
      emptyGroup: "No messages yet. New cases appear here as cards.",
      emptyPrivate: "Send commands to the bot here, e.g. /mine for your open cases.",
      reply: "Reply",
      replyingTo: "Replying to: ",
      cancelReply: "Cancel reply",
      groupPlaceholder: "Type a command or a reply; Enter sends, Shift+Enter for a new line",
      privatePlaceholder: "Type a command, e.g. /mine",
      mentionsYou: "mentions you",
      helpTitle: "Commands",
      helpCommands: [
        ["/accept N", "accept the case"],
        ["/reply N text", "answer the resident"],
        ["/reject N reason", "decline, with the reason"],
        ["/transfer N dept reason", "hand over to another department"],
        ["/resolve N outcome", "close as solved and tell the outcome"],
        ["/note N text", "internal note, the resident does not see it"],
        ["/mine", "list my open cases"],
        ["/case N", "show a case"]
      ],
      helpCaseNumber: "N is the case number.",
      helpReplyHint: "Press Reply on a card first and you can leave out N, e.g.: /accept"
    }
  };

  var DEFAULT_LANGUAGE = "zh-Hans";

  /** Maps a BCP 47 tag such as "zh-TW" or "en-GB" to one of ours, or null. */
  function normalise(tag) {
    if (!tag) return null;
    var t = String(tag).toLowerCase();
    if (t === "zh-hant" || /^zh-(hant|tw|hk|mo)\b/.test(t)) return "zh-Hant";
    if (t === "zh" || /^zh\b/.test(t)) return "zh-Hans";
    if (/^en\b/.test(t)) return "en";
    return null;
  }

  function explicitChoice() {
    try {
      return normalise(new URLSearchParams(window.location.search).get("lang"));
    } catch (e) {
      return null;
    }
  }

  function pick() {
    var chosen = explicitChoice();
    if (chosen) return chosen;
    var preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
    for (var i = 0; i < preferred.length; i += 1) {
      var lang = normalise(preferred[i]);
      if (lang) return lang;
    }
    return DEFAULT_LANGUAGE;
  }

  var lang = pick();
  var texts = TEXTS[lang];

  window.MinqingTexts = {
    lang: lang,
    /** Set when the person chose with ?lang=, so the bot is asked to answer in that language too. */
    explicit: explicitChoice() !== null,
    languages: Object.keys(TEXTS).map(function (code) {
      return { code: code, name: TEXTS[code].languageName };
    }),
    /** The text for `key`, with {name} placeholders filled from `vars`; falls back to zh-Hans. */
    t: function (key, vars) {
      var value = key in texts ? texts[key] : TEXTS[DEFAULT_LANGUAGE][key];
      if (typeof value !== "string") return value === undefined ? key : value;
      return value.replace(/\{(\w+)\}/g, function (whole, name) {
        return vars && name in vars ? String(vars[name]) : whole;
      });
    }
  };
})();
