/*
 * The three charts, drawn as small inline SVG by hand: a trend over months, backlog aging and a
 * category × community heat map. Colours come from style.css through class names; every chart
 * has a text alternative, and the numbers are printed on it, so it reads without colour.
 */
(function () {
  "use strict";

  var Dash = window.Dash;
  var t = Dash.t;
  var NS = "http://www.w3.org/2000/svg";

  function svg(tag, attrs, text) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, String(attrs[key]));
    });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function frame(width, height, label, className) {
    var root = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": label, class: "chart " + className });
    root.appendChild(svg("title", {}, label));
    return root;
  }

  /** A round number at or above `max`, so axes end on 5, 10, 20, 50 … */
  function niceMax(max) {
    if (max <= 5) return 5;
    var power = Math.pow(10, Math.floor(Math.log10(max)));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * power >= max) return steps[i] * power;
    return 10 * power;
  }

  function legend(root, x, y, items) {
    items.forEach(function (item, i) {
      var gx = x + i * 120;
      root.appendChild(svg("rect", { x: gx, y: y - 9, width: 12, height: 12, rx: 2, class: item.className }));
      root.appendChild(svg("text", { x: gx + 16, y: y + 1, class: "legend" }, item.label));
    });
  }

  /** Filed and resolved per month as bars, the response rate as a line on a 0–100 % scale. */
  function trend(months) {
    var width = 640;
    var height = 270;
    var left = 40;
    var right = 44;
    var top = 34;
    var bottom = 40;
    var root = frame(width, height, t("trendTitle"), "chart-trend");
    var plotW = width - left - right;
    var plotH = height - top - bottom;
    var max = niceMax(Math.max.apply(null, [1].concat(months.map(function (m) { return m.filed; }))));
    legend(root, left, 16, [
      { label: t("trendFiled"), className: "bar-filed" },
      { label: t("trendResolved"), className: "bar-resolved" },
      { label: t("trendRate"), className: "swatch-rate" }
    ]);
    [0, 0.5, 1].forEach(function (f) {
      var y = top + plotH * (1 - f);
      root.appendChild(svg("line", { x1: left, x2: width - right, y1: y, y2: y, class: "grid" }));
      root.appendChild(svg("text", { x: left - 6, y: y + 4, class: "axis axis-left" }, Math.round(max * f)));
      root.appendChild(svg("text", { x: width - right + 6, y: y + 4, class: "axis" }, Math.round(f * 100) + "%"));
    });
    var slot = plotW / Math.max(months.length, 1);
    var barW = Math.min(22, slot / 3);
    var points = [];
    months.forEach(function (m, i) {
      var cx = left + slot * i + slot / 2;
      [["filed", -barW], ["resolved", 0]].forEach(function (pair) {
        var value = m[pair[0]];
        var h = (plotH * value) / max;
        var bar = svg("rect", { x: cx + pair[1], y: top + plotH - h, width: barW, height: Math.max(h, 0), class: "bar bar-" + pair[0] });
        bar.appendChild(svg("title", {}, m.month + " " + t(pair[0] === "filed" ? "trendFiled" : "trendResolved") + ": " + value));
        root.appendChild(bar);
        if (value > 0) root.appendChild(svg("text", { x: cx + pair[1] + barW / 2, y: top + plotH - h - 3, class: "value" }, value));
      });
      root.appendChild(svg("text", { x: cx, y: height - bottom + 16, class: "axis axis-x" }, m.month));
      if (m.responseRate !== null) points.push([cx, top + plotH * (1 - m.responseRate), m]);
    });
    if (points.length > 0) {
      root.appendChild(svg("polyline", { points: points.map(function (p) { return p[0] + "," + p[1]; }).join(" "), class: "line-rate" }));
      points.forEach(function (p) {
        var dot = svg("circle", { cx: p[0], cy: p[1], r: 3.5, class: "dot-rate" });
        dot.appendChild(svg("title", {}, p[2].month + " " + t("trendRate") + ": " + Dash.percent(p[2].responseRate)));
        root.appendChild(dot);
      });
    }
    return root;
  }

  /** One bar per age band: all open cases, and the overdue part of them in the alarm colour. */
  function backlog(bands) {
    var width = 640;
    var rowH = 30;
    var labelW = 96;
    var top = 30;
    var height = top + bands.length * rowH + 8;
    var root = frame(width, height, t("backlogTitle"), "chart-backlog");
    legend(root, labelW, 16, [
      { label: t("backlogOpen"), className: "bar-open" },
      { label: t("backlogOverdue"), className: "bar-overdue" }
    ]);
    var max = niceMax(Math.max.apply(null, [1].concat(bands.map(function (b) { return b.open; }))));
    var plotW = width - labelW - 50;
    bands.forEach(function (b, i) {
      var y = top + i * rowH + 6;
      root.appendChild(svg("text", { x: labelW - 8, y: y + 13, class: "axis axis-left" }, t("band" + b.band)));
      var w = (plotW * b.open) / max;
      var open = svg("rect", { x: labelW, y: y, width: w, height: 18, rx: 3, class: "bar bar-open" });
      open.appendChild(svg("title", {}, t("band" + b.band) + ": " + b.open + " / " + t("backlogOverdue") + " " + b.overdue));
      root.appendChild(open);
      if (b.overdue > 0) root.appendChild(svg("rect", { x: labelW, y: y, width: (plotW * b.overdue) / max, height: 18, rx: 3, class: "bar bar-overdue" }));
      root.appendChild(svg("text", { x: labelW + w + 6, y: y + 13, class: "value value-left" }, b.overdue > 0 ? b.open + " (" + b.overdue + ")" : b.open));
    });
    return root;
  }

  /** Categories down, communities across; the darker the cell, the more cases. */
  function heat(cells) {
    var categories = [];
    var communities = [];
    cells.forEach(function (c) {
      if (categories.indexOf(c.category) < 0) categories.push(c.category);
      var community = c.communityId === null ? t("noCommunity") : c.community;
      if (communities.indexOf(community) < 0) communities.push(community);
    });
    var labelW = 90;
    var top = 56;
    var cellW = Math.max(44, Math.min(80, 540 / Math.max(communities.length, 1)));
    var cellH = 30;
    var width = labelW + communities.length * cellW + 8;
    var height = top + categories.length * cellH + 8;
    var root = frame(width, height, t("heatTitle"), "chart-heat");
    var max = Math.max.apply(null, [1].concat(cells.map(function (c) { return c.cases; })));
    communities.forEach(function (name, j) {
      var x = labelW + j * cellW + cellW / 2;
      root.appendChild(svg("text", { x: x, y: top - 10, class: "axis axis-x heat-col", transform: "rotate(-30 " + x + " " + (top - 10) + ")" }, name));
    });
    categories.forEach(function (name, i) {
      root.appendChild(svg("text", { x: labelW - 8, y: top + i * cellH + cellH / 2 + 4, class: "axis axis-left" }, name));
    });
    cells.forEach(function (c) {
      var i = categories.indexOf(c.category);
      var j = communities.indexOf(c.communityId === null ? t("noCommunity") : c.community);
      var level = Math.ceil((c.cases / max) * 5);
      var x = labelW + j * cellW;
      var y = top + i * cellH;
      var cell = svg("rect", { x: x + 1, y: y + 1, width: cellW - 2, height: cellH - 2, rx: 3, class: "heat-cell heat-" + level });
      cell.appendChild(svg("title", {}, c.category + " × " + communities[j] + ": " + c.cases));
      root.appendChild(cell);
      root.appendChild(svg("text", { x: x + cellW / 2, y: y + cellH / 2 + 4, class: "value heat-value heat-value-" + level }, c.cases));
    });
    return root;
  }

  Dash.charts = { trend: trend, backlog: backlog, heat: heat };
})();
