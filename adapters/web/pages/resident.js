/*
 * The resident's chat: one private chat with the bot. The resident is known only by a random
 * id kept in localStorage; whoever has it can read the chat, so it never goes into a URL
 * the person might share (only into the event stream's request).
 */
(function () {
  "use strict";

  var M = window.Minqing;
  var t = M.t;
  M.applyTexts(document);
  document.title = t("residentTitle");

  var ID_KEY = "minqing.residentId";
  var store = M.storage("localStorage");
  var residentId = store.getItem(ID_KEY);
  if (!residentId || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(residentId)) {
    residentId = M.uuid().toLowerCase();
    store.setItem(ID_KEY, residentId);
  }
  var chat = "r-" + residentId;

  var scroller = document.getElementById("feed");
  var list = document.getElementById("messages");
  var status = document.getElementById("status");
  var jump = document.getElementById("jump");
  var textarea = document.getElementById("text");
  var form = document.getElementById("composer");

  /** Message id -> its element, to skip repeats and to find the message a button belonged to. */
  var shown = {};
  /** clientMessageId -> the bubble drawn before the server echoed the message. */
  var pending = {};

  function add(node, forceScroll) {
    var stick = forceScroll || M.nearBottom(scroller);
    list.appendChild(node);
    if (stick) M.scrollToBottom(scroller);
    else jump.hidden = false;
  }

  function show(m) {
    if (shown[m.id]) return;
    var mine = m.from && m.from.kind === "resident";
    var node = mine && m.clientMessageId ? pending[m.clientMessageId] : null;
    if (node) {
      node.dataset.id = m.id;
    } else {
      // A resident only quotes by tapping a button; repeating the whole prompt above the tap is noise.
      node = M.renderMessage(m, { mine: mine, onButton: mine ? null : press, hideQuote: true });
      add(node, false);
    }
    shown[m.id] = node;
    // A reply to a message with buttons answered it; after a reload the buttons stay answered.
    if (mine && m.replyToMessageId) M.markAnswered(shown[m.replyToMessageId]);
  }

  var queue = new M.SendQueue(function (item) {
    return M.postJson("/chat/messages", item.body);
  });

  function sendMine(text, extra) {
    var clientMessageId = M.uuid();
    var node = M.renderMessage({ id: "", from: { kind: "resident" }, text: text, at: new Date().toISOString() }, { mine: true });
    pending[clientMessageId] = node;
    add(node, true);
    var body = { chat: chat, clientMessageId: clientMessageId };
    Object.keys(extra).forEach(function (k) {
      body[k] = extra[k];
    });
    queue.push({
      body: body,
      progress: function (kind, error) {
        if (kind === "sending") node.setState(t("sending"));
        else if (kind === "retrying") node.setState(t("retrying"), true);
        else if (kind === "failed") node.setState(t("failed", { error: error }), true);
        // Kept in `pending` after "sent": the echo on the event stream may still be on its way.
        else node.setState(null);
      }
    });
  }

  function press(message, button, messageNode) {
    M.markAnswered(messageNode);
    sendMine(button.label, { button: button.data, replyTo: message.id });
  }

  var composer = M.bindComposer(textarea, submit);
  function submit() {
    var text = textarea.value;
    if (text.trim() === "") return;
    composer.clear();
    sendMine(text, { text: text });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submit();
  });

  scroller.addEventListener("scroll", function () {
    if (M.nearBottom(scroller)) jump.hidden = true;
  });
  jump.addEventListener("click", function () {
    M.scrollToBottom(scroller);
    jump.hidden = true;
  });

  var statusTimer = null;
  function setStatus(state) {
    window.clearTimeout(statusTimer);
    if (state === "online") {
      status.hidden = true;
      return;
    }
    // A quick reconnect should not flash a warning.
    statusTimer = window.setTimeout(function () {
      status.textContent = t(state === "connecting" ? "connecting" : "reconnecting");
      status.hidden = false;
    }, 1500);
  }

  new M.EventFeed({
    url: function (after) {
      return "/chat/events?chat=" + encodeURIComponent(chat) + "&after=" + after;
    },
    message: show,
    state: setStatus
  }).start();
})();
