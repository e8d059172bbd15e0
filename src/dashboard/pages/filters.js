/*
 * The filter form the ledger and the statistics share. Its values live in the address (#/ledger?…),
 * so a filtered view survives a reload and can be bookmarked or sent to a colleague.
 */
(function () {
  "use strict";

  var Dash = window.Dash;
  var t = Dash.t;

  /** The filter parameters the server reads, in the order they show. */
  Dash.FILTER_KEYS = ["state", "department", "category", "community", "urgent", "overdue", "from", "to", "q", "sort"];

  function options(all, list) {
    return [{ value: "", label: all }].concat(
      list.map(function (x) {
        return { value: x.id, label: x.name };
      })
    );
  }

  /** A select of fixed choices: [[value, text key], …]. */
  function choice(labelKey, name, choices, value) {
    return Dash.field(labelKey, Dash.select(name, choices.map(function (c) {
      return { value: c[0], label: t(c[1]) };
    }), value));
  }

  function dateInput(name, value) {
    var input = Dash.el("input");
    input.type = "date";
    input.name = name;
    input.value = value || "";
    return input;
  }

  /**
   * The form. `what` says which fields: { ledger: true } adds state, overdue, search and order.
   * `onApply` gets the new parameters as a plain object.
   */
  Dash.filterForm = function (session, params, what, onApply) {
    var form = Dash.el("form", "filters card");
    form.setAttribute("role", "search");
    var grid = Dash.el("div", "filter-grid");
    form.appendChild(grid);

    if (what.ledger) {
      var states = session.states.map(function (s) {
        return { id: s, name: Dash.stateName(s) };
      });
      grid.appendChild(Dash.field("state", Dash.select("state", options(t("allStates"), states), params.get("state"))));
    }
    // A handler sees only their department: the choice would be empty talk.
    if (session.cadre.role === "supervisor") {
      grid.appendChild(Dash.field("department", Dash.select("department", options(t("allDepartments"), session.departments), params.get("department"))));
    }
    grid.appendChild(Dash.field("category", Dash.select("category", options(t("allCategories"), session.categories), params.get("category"))));
    grid.appendChild(Dash.field("community", Dash.select("community", options(t("allCommunities"), session.communities), params.get("community"))));
    grid.appendChild(choice("urgency", "urgent", [["", "urgencyAll"], ["true", "urgencyUrgent"], ["false", "urgencyNormal"]], params.get("urgent")));
    grid.appendChild(Dash.field("from", dateInput("from", params.get("from"))));
    grid.appendChild(Dash.field("to", dateInput("to", params.get("to"))));
    if (what.ledger) {
      var q = Dash.el("input");
      q.type = "search";
      q.name = "q";
      q.value = params.get("q") || "";
      q.maxLength = 100;
      q.placeholder = t("searchPlaceholder");
      grid.appendChild(Dash.field("search", q));
      grid.appendChild(choice("sort", "sort", [["", "sortNewest"], ["oldest", "sortOldest"], ["due", "sortDue"]], params.get("sort")));
      var overdue = Dash.el("label", "check");
      var box = Dash.el("input");
      box.type = "checkbox";
      box.name = "overdue";
      box.checked = params.get("overdue") === "true";
      overdue.appendChild(box);
      overdue.appendChild(Dash.el("span", null, t("overdueOnly")));
      grid.appendChild(overdue);
    }

    var buttons = Dash.el("div", "filter-buttons");
    var apply = Dash.el("button", "primary", t("apply"));
    apply.type = "submit";
    var reset = Dash.el("button", "secondary", t("reset"));
    reset.type = "button";
    buttons.appendChild(apply);
    buttons.appendChild(reset);
    form.appendChild(buttons);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var values = {};
      Array.prototype.forEach.call(form.elements, function (input) {
        if (!input.name) return;
        if (input.type === "checkbox") values[input.name] = input.checked ? "true" : "";
        else values[input.name] = input.value.trim();
      });
      onApply(values);
    });
    reset.addEventListener("click", function () {
      onApply({});
    });
    return form;
  };

  /** The server's parameters for the address's filter values ("oldest"/"due" become sort and order). */
  Dash.serverFilter = function (params) {
    var out = {};
    Dash.FILTER_KEYS.forEach(function (key) {
      var value = params.get(key);
      if (!value) return;
      if (key === "sort") {
        out.sort = value === "due" ? "due" : "created";
        out.order = value === "oldest" ? "asc" : value === "due" ? "asc" : "desc";
      } else {
        out[key] = value;
      }
    });
    return out;
  };
})();
