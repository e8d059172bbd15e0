/*
 * The resident's chat: one private chat with the bot. The server knows this browser by an
 * HttpOnly cookie it sets on POST /chat/session; this script never sees it, and no id goes into
 * any URL or message body. The cookie lasts, so a reload shows the same chat and its history.
 */
(function () {
  "use strict";

  var M = window.Minqing;
  var t = M.t;
  M.applyTexts(document);
  document.title = t("residentTitle");

  // The id earlier versions invented and kept here is no longer used; it should not linger.
  M.storage("localStorage").removeItem("minqing.residentId");

  /**
   * Resolves with null once the server has given this browser its chat (the cookie); retried until
   * it has. Minqing never refuses one, but a proxy in front may answer 429 with when to come back:
   * then it resolves with that answer, so a message waiting for it goes back into the box with the
   * notice (as for a refused message), and the next call asks again; no retrying in a loop.
   */
  var identity = null;
  function ensureIdentity() {
    if (identity) return identity;
    var delay = 1000;
    identity = new Promise(function (resolve) {
      function attempt() {
        M.postJson("/chat/session", {}).then(
          function (res) {
            if (res.status === 200) {
              resolve(null);
              return haveIdentity();
            }
            if (res.status === 429 && res.json && typeof res.json.retryAfterSeconds === "number") {
              identity = null;
              return resolve(res);
            }
            again();
          },
          again
        );
      }
      function again() {
        window.setTimeout(attempt, delay);
        delay = Math.min(delay * 2, 30000);
      }
      attempt();
    });
    return identity;
  }

  var list = document.getElementById("messages");
  var feedScroll = M.bindFeedScroll(document.getElementById("feed"), document.getElementById("jump"));

  /** Message id -> its element, to skip repeats and to find the message a button belonged to. */
  var shown = {};
  /** clientMessageId -> the bubble drawn before the server echoed the message. */
  var pending = {};

  function show(m) {
    if (shown[m.id]) return;
    var mine = m.from && m.from.kind === "resident";
    var node = mine && m.clientMessageId ? pending[m.clientMessageId] : null;
    if (node) {
      node.dataset.id = m.id;
    } else {
      // A resident only quotes by tapping a button; repeating the whole prompt above the tap is noise.
      node = M.renderMessage(m, { mine: mine, onButton: mine ? null : press, hideQuote: true });
      feedScroll.append(list, node, false);
    }
    shown[m.id] = node;
    // A reply to a message with buttons answered it; after a reload the buttons stay answered.
    if (mine && m.replyToMessageId) M.markAnswered(shown[m.replyToMessageId]);
  }

  var textarea = document.getElementById("text");
  var queue = new M.SendQueue(
    function (item) {
      return ensureIdentity()
        .then(function (limited) {
          return limited || M.postJson("/chat/messages", item.body);
        })
        .then(function (res) {
          if (res.status !== 401) return res;
          // The cookie is gone (cleared, or expired): get a new chat and let the queue send again.
          identity = null;
          return { status: 503, json: {} };
        });
    },
    null,
    giveBack
  );

  /**
   * Too many messages from this network (the server said 429): nothing the resident typed is
   * lost. Their words go back into the box, the buttons they pressed work again, and a notice
   * says when to send.
   */
  var notice = M.el("p", "status limit-notice");
  notice.setAttribute("role", "alert");
  notice.hidden = true;
  var composerForm = document.getElementById("composer");
  composerForm.parentNode.insertBefore(notice, composerForm);
  var noticeTimer = null;
  function giveBack(items, seconds) {
    var typed = [];
    items.forEach(function (item) {
      if (item.node.parentNode) item.node.parentNode.removeChild(item.node);
      delete pending[item.body.clientMessageId];
      if (item.body.text !== undefined) typed.push(item.body.text);
      if (item.pressedOn) {
        item.pressedOn.querySelectorAll("button.choice").forEach(function (b) {
          b.disabled = false;
        });
      }
    });
    if (typed.length > 0) {
      textarea.value = typed.join("\n") + (textarea.value ? "\n" + textarea.value : "");
      textarea.dispatchEvent(new Event("input"));
    }
    var wait = seconds < 60 ? t("waitSeconds", { n: seconds }) : t("waitMinutes", { n: Math.ceil(seconds / 60) });
    notice.textContent = t("tooBusy", { wait: wait });
    notice.hidden = false;
    window.clearTimeout(noticeTimer);
    noticeTimer = window.setTimeout(function () {
      notice.hidden = true;
    }, seconds * 1000);
  }

  function sendMine(text, extra, pressedOn) {
    var clientMessageId = M.uuid();
    var node = M.renderMessage({ id: "", from: { kind: "resident" }, text: text, at: new Date().toISOString() }, { mine: true });
    pending[clientMessageId] = node;
    feedScroll.append(list, node, true);
    var body = { clientMessageId: clientMessageId };
    Object.keys(extra).forEach(function (k) {
      body[k] = extra[k];
    });
    // Kept in `pending` after "sent": the echo on the event stream may still be on its way.
    queue.push({ body: body, progress: M.sendProgress(node), node: node, pressedOn: pressedOn });
  }

  function press(message, button, messageNode) {
    M.markAnswered(messageNode);
    sendMine(button.label, { button: button.data, replyTo: message.id }, messageNode);
  }

  M.bindSendForm(composerForm, textarea, function (text) {
    notice.hidden = true;
    sendMine(text, { text: text });
  });

  var feed = new M.EventFeed({
    url: function (after) {
      return "/chat/events?after=" + after;
    },
    message: show,
    state: M.statusBanner(document.getElementById("status")),
    // Closed for good (e.g. 401: no cookie any more): make sure of the chat before reconnecting.
    closed: function () {
      identity = null;
      return whenIdentity().then(function () {
        return true;
      });
    }
  });
  /**
   * Resolves once this browser has its chat, waiting as long as a 429 said between asks, or less
   * if a message the resident sent meanwhile got the chat first.
   */
  var identityWaiters = [];
  function haveIdentity() {
    identityWaiters.splice(0).forEach(function (wake) {
      wake();
    });
  }
  function whenIdentity() {
    return ensureIdentity().then(function (limited) {
      if (!limited) return null;
      return new Promise(function (resolve) {
        var timer = window.setTimeout(wake, limited.json.retryAfterSeconds * 1000);
        function wake() {
          window.clearTimeout(timer);
          resolve();
        }
        identityWaiters.push(wake);
      }).then(whenIdentity);
    });
  }
  whenIdentity().then(function () {
    feed.start();
  });
})();
