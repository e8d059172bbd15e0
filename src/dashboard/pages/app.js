/*
 * The dashboard's frame: sign-in (password, or a one-time link from the bot in #login=…), the
 * top bar, and a router over the address's fragment: #/ledger?…, #/case/<number>, #/stats?….
 */
(function () {
  "use strict";

  var Dash = window.Dash;
  var t = Dash.t;
  var loginSection = document.getElementById("login");
  var loginForm = document.getElementById("login-form");
  var loginError = document.getElementById("login-error");
  var loginButton = document.getElementById("login-button");
  var view = document.getElementById("view");
  var nav = document.getElementById("nav");
  var who = document.getElementById("who");
  var logout = document.getElementById("logout");
  var session = null;

  Dash.applyTexts(document);
  document.title = t("title");
  Dash.languagePicker(document.getElementById("lang"));

  function showLogin(message) {
    session = null;
    view.hidden = true;
    nav.hidden = true;
    logout.hidden = true;
    who.textContent = "";
    loginSection.hidden = false;
    loginError.hidden = !message;
    loginError.textContent = message || "";
    document.getElementById("account").focus();
  }

  Dash.onSignedOut = function (expired) {
    if (session) showLogin(expired ? t("sessionExpired") : "");
  };

  function enter(data) {
    session = data;
    Dash.timeZone = data.county.timeZone;
    loginSection.hidden = true;
    view.hidden = false;
    nav.hidden = false;
    logout.hidden = false;
    who.textContent = t("signedInAs", { name: data.cadre.name, department: data.cadre.departmentName }) + (data.cadre.role === "supervisor" ? " · " + t("supervisor") : "");
    // Undelivered messages are the supervisors' to see and act on.
    nav.querySelector('[data-view="dead-letters"]').hidden = data.cadre.role !== "supervisor";
    route();
  }

  function signedIn(res) {
    enter(res.json);
  }

  loginForm.addEventListener("submit", function (event) {
    event.preventDefault();
    loginButton.disabled = true;
    loginButton.textContent = t("signingIn");
    Dash.request("POST", "/dashboard/api/login", {
      account: document.getElementById("account").value.trim(),
      password: document.getElementById("password").value
    })
      .then(
        function (res) {
          if (res.status === 200) return signedIn(res);
          showLogin(res.status === 401 ? t("signInWrong") : res.status === 429 ? t("signInThrottled") : res.status === 503 ? t("signInBusy") : t("signInFailed"));
        },
        function () {
          showLogin(t("signInFailed"));
        }
      )
      .then(function () {
        loginButton.disabled = false;
        loginButton.textContent = t("signIn");
        document.getElementById("password").value = "";
      });
  });

  logout.addEventListener("click", function () {
    Dash.request("POST", "/dashboard/api/logout").then(function () {
      showLogin("");
    });
  });

  // ---- routing ----

  function parseHash() {
    var hash = window.location.hash.replace(/^#\/?/, "");
    var q = hash.indexOf("?");
    var path = q < 0 ? hash : hash.slice(0, q);
    return { parts: path.split("/"), params: new URLSearchParams(q < 0 ? "" : hash.slice(q + 1)) };
  }

  /** Navigates to a view with filter values; the address holds them, so reload and Back work. */
  function go(name, values) {
    window.location.hash = "#/" + name + Dash.query(values || {});
  }

  function route() {
    if (!session) return;
    var where = parseHash();
    var name = where.parts[0] || "ledger";
    Dash.clear(view);
    Array.prototype.forEach.call(nav.querySelectorAll("a"), function (a) {
      a.classList.toggle("is-active", a.getAttribute("data-view") === (name === "case" ? "ledger" : name));
    });
    if (name === "case" && where.parts[1]) return Dash.views["case"](view, session, decodeURIComponent(where.parts[1]));
    if (name === "stats") return Dash.views.stats(view, session, where.params, go);
    if (name === "dead-letters") return Dash.views["dead-letters"](view, session);
    Dash.lastLedger = window.location.hash || "#/ledger";
    Dash.views.ledger(view, session, where.params, go);
  }

  window.addEventListener("hashchange", route);

  // ---- start ----

  var link = /^#login=([A-Za-z0-9_-]+)$/.exec(window.location.hash);
  if (link) {
    // Out of the address at once (the link works once, and should not sit in the history);
    // the server answers with the session cookie.
    window.history.replaceState(null, "", window.location.pathname + window.location.search + "#/ledger");
    Dash.request("POST", "/dashboard/api/login-link", { token: link[1] }).then(
      function (res) {
        if (res.status === 200) signedIn(res);
        else showLogin(t("linkInvalid"));
      },
      function () {
        showLogin(t("signInFailed"));
      }
    );
  } else {
    // Signed in already (here or on the web chat's cadre page) if the cookie's session is alive.
    Dash.request("GET", "/dashboard/api/session").then(
      function (res) {
        if (res.status === 200) enter(res.json);
        else showLogin("");
      },
      function () {
        showLogin(t("signInFailed"));
      }
    );
  }
})();
