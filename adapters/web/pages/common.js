/*
 * What the resident and cadre pages share: texts, the event stream, posting with retries,
 * drawing a message, and the feed, composer and connection banner around them. Message text only ever goes into the page through textContent.
 */
(function () {
  "use strict";

  var ui = window.MinqingTexts;
  var t = ui.t;

  /** Fills [data-t] and [data-t-placeholder] elements and the language picker. */
  function applyTexts(root) {
    document.documentElement.lang = ui.lang;
    root.querySelectorAll("[data-t]").forEach(function (el) {
      el.textContent = t(el.getAttribute("data-t"));
    });
    root.querySelectorAll("[data-t-placeholder]").forEach(function (el) {
      el.setAttribute("placeholder", t(el.getAttribute("data-t-placeholder")));
    });
    root.querySelectorAll("[data-t-label]").forEach(function (el) {
      el.setAttribute("aria-label", t(el.getAttribute("data-t-label")));
      el.setAttribute("title", t(el.getAttribute("data-t-label")));
    });
    var picker = root.querySelector("select.lang");
    if (picker) {
      ui.languages.forEach(function (language) {
        var option = document.createElement("option");
        option.value = language.code;
        option.textContent = language.name;
        option.selected = language.code === ui.lang;
        picker.appendChild(option);
      });
      picker.addEventListener("change", function () {
        var url = new URL(window.location.href);
        url.searchParams.set("lang", picker.value);
        window.location.href = url.toString();
      });
    }
  }

  /** A v4 UUID; crypto.randomUUID exists only on https and localhost, not on a LAN address. */
  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    var b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) {
      return (x + 0x100).toString(16).slice(1);
    }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function formatTime(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return "";
    var now = new Date();
    var sameDay = d.toDateString() === now.toDateString();
    var options = sameDay
      ? { hour: "2-digit", minute: "2-digit" }
      : { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" };
    try {
      return d.toLocaleString(ui.lang, options);
    } catch (e) {
      return d.toLocaleString(undefined, options);
    }
  }

  /** Text with its mentions marked, built from text nodes only. */
  function renderText(target, text, mentions, myAccount) {
    var rest = text;
    var marks = (mentions || []).filter(function (m) {
      return m && typeof m.text === "string" && m.text !== "";
    });
    while (rest.length > 0) {
      var next = null;
      marks.forEach(function (m) {
        var at = rest.indexOf(m.text);
        if (at >= 0 && (next === null || at < next.at)) next = { at: at, mention: m };
      });
      if (next === null) {
        target.appendChild(document.createTextNode(rest));
        break;
      }
      if (next.at > 0) target.appendChild(document.createTextNode(rest.slice(0, next.at)));
      var isMe = myAccount && next.mention.accountId === myAccount;
      target.appendChild(el("span", isMe ? "mention me" : "mention", next.mention.text));
      rest = rest.slice(next.at + next.mention.text.length);
    }
  }

  /**
   * Draws one message. options: mine, senderName, onButton(message, button), onReply(message),
   * myAccount, hideQuote. Returns the element; its .setState(text|null, isError) shows sending progress.
   */
  function renderMessage(m, options) {
    var node = el("article", "msg");
    node.dataset.id = m.id;
    node.classList.add(options.mine ? "mine" : m.from && m.from.kind === "bot" ? "bot" : "other");
    if (m.alarm) node.classList.add("alarm");
    var mentionsMe =
      options.myAccount &&
      (m.mentions || []).some(function (x) {
        return x.accountId === options.myAccount;
      });
    if (mentionsMe) node.classList.add("mentions-me");

    var meta = el("header", "meta");
    if (options.senderName) meta.appendChild(el("span", "who", options.senderName));
    if (m.alarm) meta.appendChild(el("span", "badge alarm-badge", t("alarm")));
    if (mentionsMe) meta.appendChild(el("span", "badge mention-badge", t("mentionsYou")));
    var time = el("time", "time", formatTime(m.at));
    if (m.at) time.dateTime = m.at;
    meta.appendChild(time);
    node.appendChild(meta);

    if (m.replyPreview && !options.hideQuote) node.appendChild(el("blockquote", "quote", m.replyPreview));

    var body = el("div", "text");
    renderText(body, m.text || "", m.mentions, options.myAccount);
    node.appendChild(body);

    if (m.photo) node.appendChild(el("div", "photo-note", t("photoNote")));

    if (m.buttons && m.buttons.length && options.onButton) {
      var rows = el("div", "buttons");
      m.buttons.forEach(function (row) {
        var line = el("div", "button-row");
        row.forEach(function (b) {
          var button = el("button", "choice", b.label);
          button.type = "button";
          button.addEventListener("click", function () {
            options.onButton(m, b, node);
          });
          line.appendChild(button);
        });
        rows.appendChild(line);
      });
      node.appendChild(rows);
    }

    if (options.onReply) {
      var actions = el("div", "actions");
      var reply = el("button", "reply-action", t("reply"));
      reply.type = "button";
      reply.addEventListener("click", function () {
        options.onReply(m);
      });
      actions.appendChild(reply);
      node.appendChild(actions);
    }

    var state = el("div", "state");
    state.hidden = true;
    node.appendChild(state);
    node.setState = function (text, isError) {
      state.hidden = !text;
      state.textContent = text || "";
      state.classList.toggle("error", !!isError);
    };
    return node;
  }

  /** Disables the buttons of a message once one of them was answered. */
  function markAnswered(node) {
    if (!node) return;
    node.querySelectorAll("button.choice").forEach(function (b) {
      b.disabled = true;
    });
  }

  /**
   * An event stream that resumes where it stopped. The browser's own reconnect sends
   * Last-Event-ID; when the browser gives up (e.g. the server was down), we open a new one
   * with after = the last seq we have.
   * handlers: url(after) -> string, message(m), state("connecting"|"online"|"reconnecting"), closed() -> Promise<boolean> (false = give up)
   */
  function EventFeed(handlers) {
    this.handlers = handlers;
    this.lastSeq = 0;
    this.source = null;
    this.retryMs = 1000;
    this.timer = null;
    this.stopped = false;
  }

  EventFeed.prototype.start = function () {
    var self = this;
    if (self.stopped) return;
    self.handlers.state("connecting");
    var source = new EventSource(self.handlers.url(self.lastSeq));
    self.source = source;
    source.addEventListener("message", function (event) {
      var m;
      try {
        m = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (typeof m.seq !== "number" || m.seq <= self.lastSeq) return;
      self.lastSeq = m.seq;
      self.handlers.message(m);
    });
    source.addEventListener("ready", function () {
      self.retryMs = 1000;
      self.handlers.state("online");
    });
    source.addEventListener("error", function () {
      if (self.stopped) return;
      if (source.readyState !== EventSource.CLOSED) {
        self.handlers.state("reconnecting");
        return;
      }
      source.close();
      self.handlers.state("reconnecting");
      Promise.resolve(self.handlers.closed ? self.handlers.closed() : true).then(function (goOn) {
        if (!goOn || self.stopped) return;
        self.timer = window.setTimeout(function () {
          self.start();
        }, self.retryMs);
        self.retryMs = Math.min(self.retryMs * 2, 30000);
      });
    });
  };

  EventFeed.prototype.stop = function () {
    this.stopped = true;
    if (this.timer) window.clearTimeout(this.timer);
    if (this.source) this.source.close();
  };

  function postJson(url, body, headers) {
    var allHeaders = { "Content-Type": "application/json" };
    // Only an explicit choice overrides the browser's own Accept-Language.
    if (ui.explicit) allHeaders["Accept-Language"] = ui.lang;
    Object.keys(headers || {}).forEach(function (k) {
      allHeaders[k] = headers[k];
    });
    return fetch(url, { method: "POST", headers: allHeaders, body: JSON.stringify(body) }).then(function (res) {
      return res
        .json()
        .catch(function () {
          return {};
        })
        .then(function (json) {
          return { status: res.status, json: json };
        });
    });
  }

  /**
   * Sends messages one at a time, in order, retrying a message (same clientMessageId, so the
   * core records it once) while the server says 503 or cannot be reached.
   * send(item) -> Promise<{status,json}>; item.progress(kind, error) with kind "sending" | "retrying" | "sent" | "failed".
   * A 401 calls onUnauthorized and drops the queue. A 429 that says when to try again
   * (retryAfterSeconds) calls onLimited(items, seconds) with this and every later item, dropped:
   * retrying on our own would only use up the allowance of everyone behind the same address.
   */
  function SendQueue(send, onUnauthorized, onLimited) {
    this.send = send;
    this.onUnauthorized = onUnauthorized;
    this.onLimited = onLimited;
    this.items = [];
    this.busy = false;
  }

  SendQueue.prototype.push = function (item) {
    item.progress("sending");
    this.items.push(item);
    this.pump();
  };

  SendQueue.prototype.clear = function () {
    this.items = [];
  };

  SendQueue.prototype.pump = function () {
    var self = this;
    if (self.busy || self.items.length === 0) return;
    self.busy = true;
    var item = self.items[0];
    var delay = item.delay || 1000;
    var done = function () {
      if (self.items[0] === item) self.items.shift();
      self.busy = false;
      self.pump();
    };
    var retry = function () {
      item.progress("retrying");
      item.delay = Math.min(delay * 2, 30000);
      window.setTimeout(function () {
        self.busy = false;
        self.pump();
      }, delay);
    };
    self.send(item).then(
      function (res) {
        if (res.status >= 200 && res.status < 300) {
          item.progress("sent");
          done();
        } else if (res.status === 429 && self.onLimited && res.json && typeof res.json.retryAfterSeconds === "number") {
          var dropped = self.items.splice(0);
          self.busy = false;
          self.onLimited(dropped, res.json.retryAfterSeconds);
        } else if (res.status === 503 || res.status === 429 || res.status >= 500) {
          retry();
        } else if (res.status === 401 && self.onUnauthorized) {
          self.items = [];
          self.busy = false;
          self.onUnauthorized();
        } else {
          item.progress("failed", (res.json && res.json.error) || "HTTP " + res.status);
          done();
        }
      },
      function () {
        retry();
      }
    );
  };

  /** Whether the scroller is (nearly) at the bottom, so new messages should scroll it. */
  function nearBottom(scroller) {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  }

  function scrollToBottom(scroller) {
    scroller.scrollTop = scroller.scrollHeight;
  }

  /** Enter sends, Shift+Enter breaks the line; Enter that confirms an IME candidate does neither. */
  function bindComposer(textarea, onSend) {
    var resize = function () {
      textarea.style.height = "auto";
      // scrollHeight leaves out the border, and with box-sizing: border-box the height includes it.
      var border = textarea.offsetHeight - textarea.clientHeight;
      textarea.style.height = Math.min(textarea.scrollHeight + border, 160) + "px";
    };
    textarea.addEventListener("input", resize);
    textarea.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) return;
      event.preventDefault();
      onSend();
    });
    return {
      clear: function () {
        textarea.value = "";
        resize();
      }
    };
  }

  /**
   * Wires the composer form: Enter or the send button hands non-blank text to send(text) and
   * empties the box, unless send returns false (nothing to send it to yet).
   */
  function bindSendForm(form, textarea, send) {
    var composer = bindComposer(textarea, submit);
    function submit() {
      var text = textarea.value;
      if (text.trim() === "") return;
      if (send(text) === false) return;
      composer.clear();
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submit();
    });
  }

  /**
   * Keeps the feed at the bottom while the reader is there; when they scrolled up, a new message
   * shows the jump button instead. append(list, node, forceScroll) adds a message; toBottom() scrolls down.
   */
  function bindFeedScroll(scroller, jump) {
    function toBottom() {
      scrollToBottom(scroller);
      jump.hidden = true;
    }
    scroller.addEventListener("scroll", function () {
      if (nearBottom(scroller)) jump.hidden = true;
    });
    jump.addEventListener("click", toBottom);
    return {
      append: function (list, node, forceScroll) {
        var stick = forceScroll || nearBottom(scroller);
        list.appendChild(node);
        if (stick) scrollToBottom(scroller);
        else jump.hidden = false;
      },
      toBottom: toBottom
    };
  }

  /** The connection banner: returns EventFeed's state handler for the element. */
  function statusBanner(status) {
    var timer = null;
    return function (state) {
      window.clearTimeout(timer);
      if (state === "online") {
        status.hidden = true;
        return;
      }
      // A quick reconnect should not flash a warning.
      timer = window.setTimeout(function () {
        status.textContent = t(state === "connecting" ? "connecting" : "reconnecting");
        status.hidden = false;
      }, 1500);
    };
  }

  /** SendQueue's progress(kind, error) for a message drawn before the server has it. */
  function sendProgress(node) {
    return function (kind, error) {
      if (kind === "sending") node.setState(t("sending"));
      else if (kind === "retrying") node.setState(t("retrying"), true);
      else if (kind === "failed") node.setState(t("failed", { error: error }), true);
      else node.setState(null);
    };
  }

  function storage(kind) {
    try {
      var s = window[kind];
      var probe = "minqing.probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) {
      // Private modes may refuse storage; the page then works until it is reloaded.
      var memory = {};
      return {
        getItem: function (k) {
          return k in memory ? memory[k] : null;
        },
        setItem: function (k, v) {
          memory[k] = String(v);
        },
        removeItem: function (k) {
          delete memory[k];
        }
      };
    }
  }

  window.Minqing = {
    t: t,
    ui: ui,
    applyTexts: applyTexts,
    uuid: uuid,
    el: el,
    renderMessage: renderMessage,
    markAnswered: markAnswered,
    EventFeed: EventFeed,
    SendQueue: SendQueue,
    postJson: postJson,
    nearBottom: nearBottom,
    scrollToBottom: scrollToBottom,
    bindComposer: bindComposer,
    bindSendForm: bindSendForm,
    bindFeedScroll: bindFeedScroll,
    statusBanner: statusBanner,
    sendProgress: sendProgress,
    storage: storage
  };
})();
