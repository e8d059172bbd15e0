/*
 * The cadre's desk: sign in, then the feeds of their department groups and their private chat
 * with the bot in one event stream, with tabs. The session is an HttpOnly cookie the server sets
 * (shared with the dashboard): this script never holds the token, and no URL carries it.
 */
(function () {
  "use strict";

  var M = window.Minqing;
  var t = M.t;
  M.applyTexts(document);
  document.title = t("cadreTitle");

  // Where earlier versions kept the token; it should not linger.
  M.storage("sessionStorage").removeItem("minqing.cadre.token");

  var loginSection = document.getElementById("login");
  var loginForm = document.getElementById("login-form");
  var loginError = document.getElementById("login-error");
  var loginButton = document.getElementById("login-button");
  var workspace = document.getElementById("workspace");
  var who = document.getElementById("who");
  var logoutButton = document.getElementById("logout");
  var tabs = document.getElementById("tabs");
  var scroller = document.getElementById("feed");
  var feedScroll = M.bindFeedScroll(scroller, document.getElementById("jump"));
  var setStatus = M.statusBanner(document.getElementById("status"));
  var replyBar = document.getElementById("reply-bar");
  var replyPreview = document.getElementById("reply-preview");
  var replyCancel = document.getElementById("reply-cancel");
  var textarea = document.getElementById("text");
  var help = document.getElementById("help");

  var session = null;
  var feed = null;
  /** chat id -> { id, title, private, list, tab, badge, unread, empty } */
  var chats = {};
  var activeChat = null;
  var replyTo = null;
  var shown = {};
  var pending = {};

  buildHelp();

  // ---- signing in and out ----

  function showLogin(message) {
    workspace.hidden = true;
    logoutButton.hidden = true;
    who.textContent = "";
    loginSection.hidden = false;
    loginError.hidden = !message;
    loginError.textContent = message || "";
    document.getElementById("account").focus();
  }

  loginForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var account = document.getElementById("account").value.trim();
    var password = document.getElementById("password").value;
    loginButton.disabled = true;
    loginButton.textContent = t("signingIn");
    M.postJson("/cadre/login", { account: account, password: password })
      .then(
        function (res) {
          if (res.status === 200) {
            document.getElementById("password").value = "";
            enter(res.json);
          } else if (res.status === 401) {
            showLogin(t("signInWrong"));
          } else if (res.status === 429) {
            showLogin(t("signInThrottled"));
          } else if (res.status === 503) {
            showLogin(t("signInBusy"));
          } else {
            showLogin(t("signInFailed"));
          }
        },
        function () {
          showLogin(t("signInFailed"));
        }
      )
      .then(function () {
        loginButton.disabled = false;
        loginButton.textContent = t("signIn");
      });
  });

  logoutButton.addEventListener("click", function () {
    leave();
    // Signed out here either way; the server forgets the session when it expires.
    M.postJson("/cadre/logout", {}).catch(function (err) { console.warn("logout", err); });
    showLogin(null);
  });

  function leave() {
    if (feed) feed.stop();
    feed = null;
    queue.clear();
    session = null;
  }

  function expired() {
    leave();
    showLogin(t("sessionExpired"));
  }

  function enter(info) {
    session = info;
    loginSection.hidden = true;
    workspace.hidden = false;
    logoutButton.hidden = false;
    who.textContent = t("signedInAs", { name: info.name });
    buildChats(info);
    feed = new M.EventFeed({
      url: function (after) {
        var query = Object.keys(chats).map(function (id) {
          return "chat=" + encodeURIComponent(id);
        });
        query.push("after=" + after);
        return "/cadre/events?" + query.join("&");
      },
      message: show,
      state: setStatus,
      // EventSource hides the status code; ask whether the session is the reason.
      closed: function () {
        return fetch("/cadre/session").then(
          function (res) {
            if (res.status === 401) {
              expired();
              return false;
            }
            return true;
          },
          function () {
            return true;
          }
        );
      }
    });
    feed.start();
  }

  // ---- chats and tabs ----

  function buildChats(info) {
    tabs.textContent = "";
    scroller.querySelectorAll(".chat-feed").forEach(function (n) {
      n.remove();
    });
    chats = {};
    shown = {};
    pending = {};
    var all = info.chats
      .map(function (c) {
        return { id: c.id, title: c.title, private: false };
      })
      .concat([{ id: info.privateChatId, title: t("privateChat"), private: true }]);
    all.forEach(function (c) {
      var tab = M.el("button", "tab");
      tab.type = "button";
      tab.setAttribute("role", "tab");
      tab.appendChild(M.el("span", "tab-title", c.title));
      var badge = M.el("span", "unread");
      badge.hidden = true;
      tab.appendChild(badge);
      tab.addEventListener("click", function () {
        activate(c.id);
      });
      tabs.appendChild(tab);

      var list = M.el("div", "chat-feed");
      list.hidden = true;
      var empty = M.el("p", "note", t(c.private ? "emptyPrivate" : "emptyGroup"));
      list.appendChild(empty);
      scroller.appendChild(list);

      chats[c.id] = { id: c.id, title: c.title, private: c.private, list: list, tab: tab, badge: badge, unread: 0, empty: empty };
    });
    activate(all[0].id);
  }

  function activate(chatId) {
    activeChat = chatId;
    setReply(null);
    Object.keys(chats).forEach(function (id) {
      var c = chats[id];
      var on = id === chatId;
      c.list.hidden = !on;
      c.tab.classList.toggle("active", on);
      c.tab.setAttribute("aria-selected", on ? "true" : "false");
      if (on) {
        c.unread = 0;
        c.badge.hidden = true;
      }
    });
    textarea.setAttribute("placeholder", t(chats[chatId].private ? "privatePlaceholder" : "groupPlaceholder"));
    feedScroll.toBottom();
  }

  function senderName(m) {
    if (!m.from || m.from.kind === "bot") return t("botName");
    if (m.from.kind === "cadre") return m.from.account === session.account ? t("you") : m.from.name;
    return t("resident");
  }

  function show(m) {
    var c = chats[m.chatId];
    if (!c || shown[m.id]) return;
    var mine = m.from && m.from.kind === "cadre" && m.from.account === session.account;
    var node = mine && m.clientMessageId ? pending[m.clientMessageId] : null;
    if (node) {
      node.dataset.id = m.id;
    } else {
      var isBot = m.from && m.from.kind === "bot";
      node = M.renderMessage(m, {
        mine: mine,
        senderName: senderName(m),
        myAccount: session.account,
        onButton: isBot ? press : null,
        onReply: isBot ? setReply : null
      });
      add(c, node, false);
    }
    shown[m.id] = node;
  }

  function add(c, node, forceScroll) {
    c.empty.hidden = true;
    if (c.id !== activeChat) {
      c.list.appendChild(node);
      c.unread += 1;
      c.badge.textContent = c.unread > 99 ? "99+" : String(c.unread);
      c.badge.hidden = false;
      return;
    }
    feedScroll.append(c.list, node, forceScroll);
  }

  // ---- replying and sending ----

  function setReply(m) {
    replyTo = m ? { id: m.id } : null;
    replyBar.hidden = !m;
    replyPreview.textContent = m ? preview(m.text) : "";
    if (m) textarea.focus();
  }

  function preview(text) {
    var chars = Array.from(text || "");
    return chars.length > 60 ? chars.slice(0, 60).join("") + "…" : chars.join("");
  }

  replyCancel.addEventListener("click", function () {
    setReply(null);
  });

  var queue = new M.SendQueue(
    function (item) {
      return M.postJson("/cadre/messages", item.body);
    },
    expired
  );

  function sendMine(chatId, text, extra) {
    var c = chats[chatId];
    var clientMessageId = M.uuid();
    var draft = { id: "", from: { kind: "cadre", account: session.account }, text: text, at: new Date().toISOString() };
    if (extra.replyTo && shown[extra.replyTo]) {
      var quoted = shown[extra.replyTo].querySelector(".text");
      if (quoted) draft.replyPreview = preview(quoted.textContent);
    }
    var node = M.renderMessage(draft, { mine: true, senderName: t("you"), myAccount: session.account });
    pending[clientMessageId] = node;
    add(c, node, true);
    var body = { chat: chatId, clientMessageId: clientMessageId };
    Object.keys(extra).forEach(function (k) {
      body[k] = extra[k];
    });
    // Kept in `pending` after "sent": the echo on the event stream may still be on its way.
    queue.push({ body: body, progress: M.sendProgress(node) });
  }

  function press(message, button, messageNode) {
    M.markAnswered(messageNode);
    sendMine(message.chatId, button.label, { button: button.data, replyTo: message.id });
  }

  M.bindSendForm(document.getElementById("composer"), textarea, function (text) {
    if (!activeChat) return false;
    var extra = { text: text };
    if (replyTo) extra.replyTo = replyTo.id;
    setReply(null);
    sendMine(activeChat, text, extra);
  });

  // ---- help ----

  function buildHelp() {
    var listEl = document.getElementById("help-list");
    t("helpCommands").forEach(function (pair) {
      var item = M.el("li");
      item.appendChild(M.el("code", null, pair[0]));
      item.appendChild(M.el("span", null, pair[1]));
      listEl.appendChild(item);
    });
    help.open = window.matchMedia("(min-width: 900px)").matches;
  }

  // ---- start ----

  // Signed in already (here or on the dashboard) if the cookie's session is alive.
  fetch("/cadre/session")
    .then(function (res) {
      return res.ok ? res.json() : null;
    })
    .then(
      function (info) {
        if (info) enter(info);
        else showLogin(null);
      },
      function () {
        showLogin(t("signInFailed"));
      }
    );
})();
