/*
 * Small helpers every view uses: making elements (text only ever goes in through textContent),
 * filling [data-t] texts, and formatting times, rates and hours for the reader's language.
 */
(function () {
  "use strict";

  var ui = window.DashTexts;
  var Dash = (window.Dash = window.Dash || {});
  Dash.t = ui.t;
  Dash.lang = ui.lang;
  /** The county's time zone, set once the session is known; times show in it, not the browser's. */
  Dash.timeZone = "Asia/Shanghai";

  Dash.el = function (tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  };

  Dash.clear = function (node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  };

  Dash.applyTexts = function (root) {
    document.documentElement.lang = ui.lang;
    root.querySelectorAll("[data-t]").forEach(function (node) {
      node.textContent = ui.t(node.getAttribute("data-t"));
    });
    root.querySelectorAll("[data-t-label]").forEach(function (node) {
      node.setAttribute("aria-label", ui.t(node.getAttribute("data-t-label")));
    });
  };

  /** The language picker: reloads with ?lang=, which the texts remember. */
  Dash.languagePicker = function (select) {
    ui.languages.forEach(function (language) {
      var option = Dash.el("option", null, language.name);
      option.value = language.code;
      option.selected = language.code === ui.lang;
      select.appendChild(option);
    });
    select.addEventListener("change", function () {
      var url = new URL(window.location.href);
      url.searchParams.set("lang", select.value);
      window.location.href = url.toString();
    });
  };

  function locale() {
    return ui.lang === "en" ? "en-GB" : "zh-CN";
  }

  Dash.dateTime = function (iso) {
    if (!iso) return "";
    return new Intl.DateTimeFormat(locale(), {
      timeZone: Dash.timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23"
    }).format(new Date(iso));
  };

  Dash.percent = function (rate) {
    return rate === null || rate === undefined ? ui.t("none") : (rate * 100).toFixed(1) + "%";
  };

  Dash.hours = function (value) {
    return value === null || value === undefined ? ui.t("none") : ui.t("hours", { n: value.toFixed(1) });
  };

  Dash.stateName = function (state) {
    return ui.t("state_" + state);
  };

  /** A coloured label: state-submitted, urgent, overdue … */
  Dash.badge = function (text, kind) {
    return Dash.el("span", "badge badge-" + kind, text);
  };

  Dash.field = function (labelKey, control) {
    var label = Dash.el("label", "field");
    label.appendChild(Dash.el("span", null, ui.t(labelKey)));
    label.appendChild(control);
    return label;
  };

  /** A <select> with the given options [{ value, label }] and the current value chosen. */
  Dash.select = function (name, options, value) {
    var select = Dash.el("select");
    select.name = name;
    options.forEach(function (o) {
      var option = Dash.el("option", null, o.label);
      option.value = o.value;
      option.selected = o.value === (value || "");
      select.appendChild(option);
    });
    return select;
  };

  Dash.message = function (text, kind) {
    return Dash.el("p", "message" + (kind ? " message-" + kind : ""), text);
  };
})();
