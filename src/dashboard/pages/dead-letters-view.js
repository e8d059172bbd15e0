/*
 * Undelivered messages (投递失败), for supervisors: the outbox's dead letters, each with whom it was
 * for, its case, how often and why it failed, and two buttons: send again, discard.
 */
(function () {
  "use strict";

  var Dash = window.Dash;
  var t = Dash.t;
  Dash.views = Dash.views || {};

  function chatName(chat) {
    return t("dlChat_" + chat.kind, { name: chat.name || "" });
  }

  function age(seconds) {
    return seconds >= 3600 ? t("dlAgeHours", { n: (seconds / 3600).toFixed(1) }) : t("dlAgeMinutes", { n: Math.max(1, Math.round(seconds / 60)) });
  }

  function cell(labelKey, text, className) {
    var td = Dash.el("td", className, text);
    td.setAttribute("data-label", t(labelKey));
    return td;
  }

  function table(rows, act) {
    var tableEl = Dash.el("table", "cases dead-letters");
    var head = Dash.el("tr");
    ["dlChannel", "dlChat", "dlCase", "dlText", "dlAttempts", "dlReason", "dlFirstError", "dlLastError", "dlAge", "actions"].forEach(function (key) {
      head.appendChild(Dash.el("th", null, t(key)));
    });
    tableEl.appendChild(Dash.el("thead")).appendChild(head);
    var body = tableEl.appendChild(Dash.el("tbody"));
    rows.forEach(function (row) {
      var tr = Dash.el("tr");
      tr.setAttribute("data-dead-letter", String(row.id));
      tr.appendChild(cell("dlChannel", t("channel_" + row.channel)));
      tr.appendChild(cell("dlChat", chatName(row.chat)));
      var caseCell = cell("dlCase", null, "number");
      if (row["case"]) {
        var link = Dash.el("a", null, row["case"]);
        link.href = "#/case/" + encodeURIComponent(row["case"]);
        caseCell.appendChild(link);
      }
      tr.appendChild(caseCell);
      tr.appendChild(cell("dlText", row.text === null ? t("dlTextHidden") : row.text, "text"));
      tr.appendChild(cell("dlAttempts", String(row.attempts)));
      tr.appendChild(cell("dlReason", t("dlReason_" + row.reason)));
      tr.appendChild(cell("dlFirstError", row.firstError || "", "text"));
      tr.appendChild(cell("dlLastError", row.lastError || "", "text"));
      tr.appendChild(cell("dlAge", age(row.ageSeconds), "time"));
      var buttons = cell("actions", null);
      var retry = Dash.el("button", "primary", t("dlRetry"));
      retry.type = "button";
      retry.addEventListener("click", function () {
        act(row.id, "retry", [retry, discard]);
      });
      var discard = Dash.el("button", "secondary", t("dlDiscard"));
      discard.type = "button";
      discard.addEventListener("click", function () {
        if (window.confirm(t("dlConfirmDiscard"))) act(row.id, "discard", [retry, discard]);
      });
      buttons.appendChild(retry);
      buttons.appendChild(discard);
      tr.appendChild(buttons);
      body.appendChild(tr);
    });
    return tableEl;
  }

  Dash.views["dead-letters"] = function (root) {
    var section = root.appendChild(Dash.el("section", "card"));
    section.appendChild(Dash.el("h2", null, t("deadLettersTitle")));
    section.appendChild(Dash.el("p", "hint", t("deadLettersHint")));
    var status = section.appendChild(Dash.el("div", "status"));
    var list = section.appendChild(Dash.el("div"));

    function show(rows) {
      Dash.clear(list);
      list.appendChild(rows.length === 0 ? Dash.message(t("noDeadLetters")) : table(rows, act));
    }

    function act(id, action, buttons) {
      buttons.forEach(function (b) {
        b.disabled = true;
      });
      Dash.request("POST", "/dashboard/api/dead-letters/" + id + "/" + action).then(
        function (res) {
          if (res.status !== 200) throw new Error((res.json && res.json.error) || "HTTP " + res.status);
          Dash.clear(status).appendChild(Dash.message(t(action === "retry" ? "dlRetried" : "dlDiscarded"), "ok"));
          show(res.json.rows);
        }
      ).catch(function (err) {
        Dash.clear(status).appendChild(Dash.message(t("actionFailed", { error: err.message }), "error"));
        buttons.forEach(function (b) {
          b.disabled = false;
        });
      });
    }

    list.appendChild(Dash.message(t("loading")));
    Dash.get("/dashboard/api/dead-letters").then(
      function (data) {
        show(data.rows);
      },
      function (err) {
        Dash.clear(list).appendChild(Dash.message(t("loadFailed", { error: err.message }), "error"));
      }
    );
  };
})();
