/*
 * The ledger (台账): the filter form, one page of cases as a table (cards on a phone), paging, and
 * the CSV export of everything the filters select.
 */
(function () {
  "use strict";

  var Dash = window.Dash;
  var t = Dash.t;
  Dash.views = Dash.views || {};

  function stateBadges(row) {
    var cell = Dash.el("td");
    cell.setAttribute("data-label", t("colState"));
    cell.appendChild(Dash.badge(Dash.stateName(row.state), "state-" + row.state));
    if (row.urgent) cell.appendChild(Dash.badge(t("urgentBadge"), "urgent"));
    if (row.overdue) cell.appendChild(Dash.badge(t("overdueBadge"), "overdue"));
    return cell;
  }

  function cell(labelKey, text, className) {
    var td = Dash.el("td", className, text);
    td.setAttribute("data-label", t(labelKey));
    return td;
  }

  /** A table of ledger rows; the case number opens the case. Also used by the statistics' overdue list. */
  Dash.caseTable = function (rows) {
    var table = Dash.el("table", "cases");
    var head = Dash.el("tr");
    ["colNumber", "colState", "colCategory", "colCommunity", "colDepartment", "colCadre", "colCreated", "colDue", "colText"].forEach(function (key) {
      head.appendChild(Dash.el("th", null, t(key)));
    });
    table.appendChild(Dash.el("thead")).appendChild(head);
    var body = table.appendChild(Dash.el("tbody"));
    rows.forEach(function (row) {
      var tr = Dash.el("tr", row.overdue ? "is-overdue" : "");
      tr.setAttribute("data-case", row.number);
      var numberCell = cell("colNumber", null, "number");
      var link = Dash.el("a", null, row.number);
      link.href = "#/case/" + encodeURIComponent(row.number);
      numberCell.appendChild(link);
      tr.appendChild(numberCell);
      tr.appendChild(stateBadges(row));
      tr.appendChild(cell("colCategory", row.category.name));
      tr.appendChild(cell("colCommunity", row.community ? row.community.name : t("noCommunity")));
      tr.appendChild(cell("colDepartment", row.department.name));
      tr.appendChild(cell("colCadre", row.cadre.name));
      tr.appendChild(cell("colCreated", Dash.dateTime(row.createdAt), "time"));
      tr.appendChild(cell("colDue", Dash.dateTime(row.answerDueAt), "time"));
      tr.appendChild(cell("colText", row.text, "text"));
      body.appendChild(tr);
    });
    return table;
  };

  Dash.views.ledger = function (root, session, params, go) {
    var filter = Dash.serverFilter(params);
    var page = Number(params.get("page") || "1");

    root.appendChild(
      Dash.filterForm(session, params, { ledger: true }, function (values) {
        go("ledger", values);
      })
    );
    var toolbar = root.appendChild(Dash.el("div", "toolbar"));
    var summary = toolbar.appendChild(Dash.el("span", "summary", t("loading")));
    var status = root.appendChild(Dash.el("div", "status"));
    var results = root.appendChild(Dash.el("div", "results"));
    var pager = root.appendChild(Dash.el("nav", "pager"));
    toolbar.appendChild(
      Dash.exportButton("export-ledger", "exportCsv", function () {
        return "/dashboard/api/cases.csv" + Dash.query(Object.assign({ lang: Dash.lang }, filter));
      }, status)
    );

    Dash.get("/dashboard/api/cases" + Dash.query(Object.assign({ page: page }, filter)))
      .then(function (data) {
        summary.textContent = t(data.totalIsAtLeast ? "totalAtLeast" : "total", { n: data.total });
        if (data.rows.length === 0) {
          results.appendChild(Dash.message(t("noCases")));
          return;
        }
        results.appendChild(Dash.caseTable(data.rows));
        var pages = Math.max(1, Math.ceil(data.total / data.size));
        if (pages > 1) drawPager(pager, data.page, pages, function (p) {
          var values = {};
          params.forEach(function (v, k) {
            values[k] = v;
          });
          values.page = String(p);
          go("ledger", values);
        });
      })
      .catch(function (err) {
        summary.textContent = "";
        results.appendChild(Dash.message(t("loadFailed", { error: err.message }), "error"));
      });
  };

  function drawPager(pager, page, pages, to) {
    var prev = pager.appendChild(Dash.el("button", "secondary", t("prev")));
    prev.type = "button";
    prev.disabled = page <= 1;
    prev.addEventListener("click", function () {
      to(page - 1);
    });
    pager.appendChild(Dash.el("span", null, t("pageOf", { page: page, pages: pages })));
    var next = pager.appendChild(Dash.el("button", "secondary", t("next")));
    next.type = "button";
    next.disabled = page >= pages;
    next.addEventListener("click", function () {
      to(page + 1);
    });
  }
})();
