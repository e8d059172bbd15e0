/*
 * One case: its facts and deadlines, the full timeline (internal notes marked), and the actions
 * the signed-in cadre may take, which the server applies exactly as the chat commands.
 */
(function () {
  "use strict";

  var Dash = window.Dash;
  var t = Dash.t;
  Dash.views = Dash.views || {};

  /** Actions whose words are required, and the label of the box for them. */
  var NEEDS_TEXT = { reply: true, reject: true, resolve: true, note: true };

  function facts(c) {
    var list = Dash.el("dl", "facts");
    function add(key, value) {
      if (value === null || value === undefined || value === "") return;
      list.appendChild(Dash.el("dt", null, t(key)));
      list.appendChild(Dash.el("dd", null, value));
    }
    add("colCategory", c.category.name);
    add("colCommunity", c.community ? c.community.name : t("noCommunity"));
    add("colDepartment", c.department.name);
    add("colCadre", c.cadre.name);
    add("filed", Dash.dateTime(c.createdAt));
    add("due", Dash.dateTime(c.answerDueAt));
    add("accepted", Dash.dateTime(c.acceptedAt));
    add("firstAnswer", Dash.dateTime(c.firstAnswerAt));
    add("resolved", Dash.dateTime(c.resolvedAt));
    add("closed", Dash.dateTime(c.closedAt));
    add("rating", c.rating ? "★".repeat(c.rating) + "☆".repeat(5 - c.rating) + " (" + c.rating + ")" : t("notRated"));
    if (c.location) add("location", c.location.latitude.toFixed(5) + ", " + c.location.longitude.toFixed(5));
    if (c.photos > 0) add("colText", t("photos", { n: c.photos }));
    return list;
  }

  function timeline(events) {
    var list = Dash.el("ol", "timeline");
    events.forEach(function (e) {
      var item = Dash.el("li", "event event-" + e.type + (e.internal ? " is-internal" : ""));
      var head = item.appendChild(Dash.el("div", "event-head"));
      head.appendChild(Dash.el("time", null, Dash.dateTime(e.at)));
      var actor = e.actor || (e.actorKind === "resident" ? t("residentActor") : t("systemActor"));
      head.appendChild(Dash.el("strong", null, actor + " · " + t("event_" + e.type)));
      if (e.internal) head.appendChild(Dash.badge(t("internal"), "internal"));
      if (e.transfer) item.appendChild(Dash.el("p", "event-body", t("transferLine", e.transfer)));
      if (e.rating) item.appendChild(Dash.el("p", "event-body", t("ratingLine", { n: e.rating })));
      if (e.body) item.appendChild(Dash.el("p", "event-body", e.body));
      list.appendChild(item);
    });
    return list;
  }

  function actionPanel(c, session, onDone) {
    var panel = Dash.el("section", "card actions");
    panel.appendChild(Dash.el("h3", null, t("actions")));
    if (c.actions.length === 0) {
      panel.appendChild(Dash.message(t("noActions")));
      return panel;
    }
    var buttons = panel.appendChild(Dash.el("div", "action-buttons"));
    var form = panel.appendChild(Dash.el("form", "action-form"));
    form.hidden = true;
    var status = panel.appendChild(Dash.el("div", "status"));

    c.actions.forEach(function (action) {
      var button = buttons.appendChild(Dash.el("button", action === "accept" ? "primary" : "secondary", t("act_" + action)));
      button.type = "button";
      button.setAttribute("data-action", action);
      button.addEventListener("click", function () {
        openForm(action);
      });
    });

    function openForm(action) {
      Dash.clear(form);
      Dash.clear(status);
      form.hidden = false;
      form.setAttribute("data-action", action);
      if (action === "transfer") {
        var targets = session.departments.filter(function (d) {
          return d.id !== c.department.id;
        });
        form.appendChild(Dash.field("transferTo", Dash.select("department", targets.map(function (d) {
          return { value: d.id, label: d.name };
        }), "")));
      }
      if (action !== "accept") {
        var text = Dash.el("textarea");
        text.name = "text";
        text.rows = 4;
        text.maxLength = 4000;
        text.required = !!NEEDS_TEXT[action];
        form.appendChild(Dash.field("text_" + action, text));
      }
      var row = form.appendChild(Dash.el("div", "filter-buttons"));
      var submit = row.appendChild(Dash.el("button", "primary", t("submit")));
      submit.type = "submit";
      var cancel = row.appendChild(Dash.el("button", "secondary", t("cancel")));
      cancel.type = "button";
      cancel.addEventListener("click", function () {
        form.hidden = true;
      });
      var first = form.querySelector("select, textarea");
      if (first) first.focus();
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var action = form.getAttribute("data-action");
      var body = { type: action };
      if (form.elements.text) body.text = form.elements.text.value;
      if (form.elements.department) body.department = form.elements.department.value;
      var submit = form.querySelector("button[type=submit]");
      submit.disabled = true;
      submit.textContent = t("submitting");
      Dash.request("POST", "/dashboard/api/cases/" + encodeURIComponent(c.number) + "/actions", body).then(
        function (res) {
          if (res.status === 200) return onDone(res.json, t("actionDone", { action: t("act_" + action) }));
          submit.disabled = false;
          submit.textContent = t("submit");
          Dash.clear(status).appendChild(Dash.message(t("actionFailed", { error: (res.json && res.json.error) || res.status }), "error"));
        },
        function (err) {
          submit.disabled = false;
          submit.textContent = t("submit");
          Dash.clear(status).appendChild(Dash.message(t("actionFailed", { error: err.message }), "error"));
        }
      );
    });
    return panel;
  }

  function draw(root, c, session, notice) {
    Dash.clear(root);
    var back = root.appendChild(Dash.el("a", "back", t("backToLedger")));
    // Back to the filtered ledger the cadre came from, not to an empty one.
    back.href = Dash.lastLedger || "#/ledger";
    var card = root.appendChild(Dash.el("article", "card case"));
    card.setAttribute("data-case", c.number);
    var title = card.appendChild(Dash.el("h2", "case-title", c.number + " "));
    title.appendChild(Dash.badge(Dash.stateName(c.state), "state-" + c.state));
    if (c.urgent) title.appendChild(Dash.badge(t("urgentBadge"), "urgent"));
    if (c.overdue) title.appendChild(Dash.badge(t("overdueBadge"), "overdue"));
    if (notice) card.appendChild(Dash.message(notice, "ok"));
    if (c.viaApi) card.appendChild(Dash.message(t("viaApi")));
    card.appendChild(Dash.el("blockquote", "case-text", c.text));
    card.appendChild(facts(c));
    root.appendChild(actionPanel(c, session, function (updated, done) {
      draw(root, updated, session, done);
    }));
    var history = root.appendChild(Dash.el("section", "card"));
    history.appendChild(Dash.el("h3", null, t("timeline")));
    history.appendChild(timeline(c.timeline));
  }

  Dash.views["case"] = function (root, session, number) {
    var loading = root.appendChild(Dash.message(t("loading")));
    Dash.get("/dashboard/api/cases/" + encodeURIComponent(number))
      .then(function (c) {
        draw(root, c, session, null);
      })
      .catch(function (err) {
        loading.textContent = t("loadFailed", { error: err.message });
        loading.className = "message message-error";
      });
  };
})();
