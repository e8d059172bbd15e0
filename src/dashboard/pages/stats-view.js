/*
 * Statistics: the three rates of the 12345 hotlines and the times, per department, community,
 * category or month, with the filters applied; then the charts and the overdue list.
 */
(function () {
  "use strict";

  var Dash = window.Dash;
  var t = Dash.t;
  Dash.views = Dash.views || {};

  var DIMENSIONS = [
    { id: "department", label: "byDepartment", column: "colDepartment" },
    { id: "community", label: "byCommunity", column: "colCommunity" },
    { id: "category", label: "byCategory", column: "colCategory" },
    { id: "month", label: "byMonth", column: "colMonth" }
  ];

  function kpis(total) {
    var box = Dash.el("div", "kpis");
    [
      ["responseRate", Dash.percent(total.responseRate), "responseRateHelp"],
      ["resolutionRate", Dash.percent(total.resolutionRate), "resolutionRateHelp"],
      ["satisfactionRate", Dash.percent(total.satisfactionRate), "satisfactionRateHelp"],
      ["filedCount", total.filed],
      ["peopleCount", total.people, "peopleHelp"],
      ["mattersCount", total.matters, "mattersHelp"],
      ["openCount", total.open],
      ["overdueCount", total.overdue]
    ].forEach(function (k) {
      var card = box.appendChild(Dash.el("div", "kpi kpi-" + k[0]));
      card.appendChild(Dash.el("span", "kpi-label", t(k[0])));
      card.appendChild(Dash.el("strong", "kpi-value", k[1]));
      if (k[2]) card.appendChild(Dash.el("small", "kpi-help", t(k[2])));
    });
    return box;
  }

  function table(dimension, data) {
    var wrap = Dash.el("div", "table-wrap");
    var tableEl = wrap.appendChild(Dash.el("table", "stats"));
    var columns = [
      [dimension.column, function (r) { return r.name === null ? t("noCommunity") : r.name; }],
      ["filedCount", function (r) { return r.filed; }],
      ["peopleCount", function (r) { return r.people; }],
      ["mattersCount", function (r) { return r.matters; }],
      ["responseRate", function (r) { return Dash.percent(r.responseRate); }],
      ["resolutionRate", function (r) { return Dash.percent(r.resolutionRate); }],
      ["satisfactionRate", function (r) { return Dash.percent(r.satisfactionRate); }],
      ["hoursToAccept", function (r) { return Dash.hours(r.hoursToAccept); }],
      ["hoursToAnswer", function (r) { return Dash.hours(r.hoursToAnswer); }],
      ["hoursToFinish", function (r) { return Dash.hours(r.hoursToFinish); }],
      ["openCount", function (r) { return r.open; }],
      ["overdueCount", function (r) { return r.overdue; }],
      ["ratedCount", function (r) { return r.rated; }]
    ];
    var head = tableEl.appendChild(Dash.el("thead")).appendChild(Dash.el("tr"));
    columns.forEach(function (c) {
      head.appendChild(Dash.el("th", null, t(c[0])));
    });
    var body = tableEl.appendChild(Dash.el("tbody"));
    function line(row, className) {
      var tr = body.appendChild(Dash.el("tr", className));
      columns.forEach(function (c) {
        var td = tr.appendChild(Dash.el("td", null, c[1](row)));
        td.setAttribute("data-label", t(c[0]));
      });
    }
    data.rows.forEach(function (row) {
      line(row);
    });
    line(Object.assign({ name: t("totalRow") }, data.total), "total");
    return wrap;
  }

  function figure(titleKey, id) {
    var fig = Dash.el("figure", "card chart-card");
    fig.id = id;
    fig.appendChild(Dash.el("figcaption", null, t(titleKey)));
    return fig;
  }

  Dash.views.stats = function (root, session, params, go) {
    var by = params.get("by") || "department";
    var filter = Dash.serverFilter(params);
    delete filter.sort;
    delete filter.order;

    root.appendChild(
      Dash.filterForm(session, params, {}, function (values) {
        values.by = by;
        go("stats", values);
      })
    );
    var tabs = root.appendChild(Dash.el("nav", "tabs"));
    DIMENSIONS.forEach(function (d) {
      var values = {};
      params.forEach(function (v, k) {
        values[k] = v;
      });
      values.by = d.id;
      var a = tabs.appendChild(Dash.el("a", d.id === by ? "tab is-active" : "tab", t(d.label)));
      a.href = "#/stats" + Dash.query(values);
    });
    var dimension = DIMENSIONS.filter(function (d) {
      return d.id === by;
    })[0] || DIMENSIONS[0];

    var summary = root.appendChild(Dash.el("section", "summary-block"));
    summary.appendChild(Dash.message(t("loading")));
    var toolbar = root.appendChild(Dash.el("div", "toolbar"));
    var status = root.appendChild(Dash.el("div", "status"));
    toolbar.appendChild(
      Dash.exportButton("export-stats", "exportStats", function () {
        return "/dashboard/api/stats.csv" + Dash.query(Object.assign({ by: by, lang: Dash.lang }, filter));
      }, status)
    );
    var tableBox = root.appendChild(Dash.el("section", "card"));
    var charts = root.appendChild(Dash.el("div", "charts"));
    var trendFig = charts.appendChild(figure("trendTitle", "chart-trend"));
    var backlogFig = charts.appendChild(figure("backlogTitle", "chart-backlog"));
    var heatFig = charts.appendChild(figure("heatTitle", "chart-heat"));
    var overdueBox = root.appendChild(Dash.el("section", "card overdue-list"));
    overdueBox.appendChild(Dash.el("h3", null, t("overdueTitle")));

    Dash.get("/dashboard/api/stats" + Dash.query(Object.assign({ by: by }, filter)))
      .then(function (data) {
        Dash.clear(summary).appendChild(kpis(data.total));
        tableBox.appendChild(table(dimension, data));
      })
      .catch(function (err) {
        Dash.clear(summary).appendChild(Dash.message(t("loadFailed", { error: err.message }), "error"));
      });

    Dash.get("/dashboard/api/charts" + Dash.query(filter))
      .then(function (data) {
        trendFig.appendChild(Dash.charts.trend(data.trend));
        backlogFig.appendChild(Dash.charts.backlog(data.backlog.bands));
        if (data.heat.length > 0) heatFig.appendChild(Dash.charts.heat(data.heat));
        else heatFig.appendChild(Dash.message(t("heatEmpty")));
        if (data.overdue.rows.length > 0) overdueBox.appendChild(Dash.caseTable(data.overdue.rows));
        else overdueBox.appendChild(Dash.message(t("noOverdue")));
      })
      .catch(function (err) {
        charts.appendChild(Dash.message(t("loadFailed", { error: err.message }), "error"));
      });
  };
})();
