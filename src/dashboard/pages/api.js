/*
 * Talking to /dashboard/api: the bearer token (shared with the web chat's cadre page, kept in
 * sessionStorage so it ends with the tab), JSON requests, and CSV downloads.
 */
(function () {
  "use strict";

  var Dash = window.Dash;
  // The cadre page's key: a cadre who opens the ledger from the chat in the same tab is signed in already.
  var TOKEN_KEY = "minqing.cadre.token";

  function store() {
    try {
      return window.sessionStorage;
    } catch (e) {
      return null;
    }
  }

  Dash.token = {
    get: function () {
      var s = store();
      return s ? s.getItem(TOKEN_KEY) : null;
    },
    set: function (token) {
      var s = store();
      if (s) s.setItem(TOKEN_KEY, token);
    },
    clear: function () {
      var s = store();
      if (s) s.removeItem(TOKEN_KEY);
    }
  };

  /** Called when the server says the session is gone; app.js shows the sign-in form. */
  Dash.onSignedOut = function () {};

  function headers(extra) {
    var h = extra || {};
    var token = Dash.token.get();
    if (token) h.Authorization = "Bearer " + token;
    return h;
  }

  /** Resolves { status, json } for any answer; rejects only when the network failed. */
  Dash.request = function (method, path, body) {
    var init = { method: method, headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }) };
    if (body !== undefined) init.body = JSON.stringify(body);
    return fetch(path, init).then(function (res) {
      return res.text().then(function (text) {
        var json = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch (e) {
          json = { error: text };
        }
        if (res.status === 401 && path.indexOf("/dashboard/api/login") !== 0) Dash.onSignedOut(true);
        return { status: res.status, json: json };
      });
    });
  };

  /** GET that must succeed: resolves the JSON, rejects with the server's error text. */
  Dash.get = function (path) {
    return Dash.request("GET", path).then(function (res) {
      if (res.status !== 200) throw new Error((res.json && res.json.error) || "HTTP " + res.status);
      return res.json;
    });
  };

  /**
   * Downloads a CSV with the token in a header (a plain link could not carry it), then hands the
   * file to the browser under the name the server chose.
   */
  Dash.download = function (path) {
    return fetch(path, { headers: headers() }).then(function (res) {
      if (!res.ok) {
        if (res.status === 401) Dash.onSignedOut(true);
        return res.text().then(function (text) {
          var message = "HTTP " + res.status;
          try {
            message = JSON.parse(text).error || message;
          } catch (e) {
            /* not JSON */
          }
          throw new Error(message);
        });
      }
      var disposition = res.headers.get("Content-Disposition") || "";
      var match = /filename="([^"]+)"/.exec(disposition);
      return res.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var a = Dash.el("a");
        a.href = url;
        a.download = match ? match[1] : "minqing.csv";
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () {
          URL.revokeObjectURL(url);
        }, 10000);
      });
    });
  };

  /**
   * A button that downloads `path()` as CSV; while it runs it says so, and a failure is written
   * into `status`. Used by the ledger and the statistics.
   */
  Dash.exportButton = function (id, labelKey, path, status) {
    var button = Dash.el("button", "secondary", Dash.t(labelKey));
    button.type = "button";
    button.id = id;
    button.addEventListener("click", function () {
      button.disabled = true;
      button.textContent = Dash.t("exporting");
      Dash.download(path())
        .catch(function (err) {
          Dash.clear(status).appendChild(Dash.message(Dash.t("exportFailed", { error: err.message }), "error"));
        })
        .then(function () {
          button.disabled = false;
          button.textContent = Dash.t(labelKey);
        });
    });
    return button;
  };

  /** A query string from a plain object, leaving out empty values. */
  Dash.query = function (params) {
    var q = new URLSearchParams();
    Object.keys(params).forEach(function (key) {
      var value = params[key];
      if (value !== undefined && value !== null && value !== "" && value !== false) q.set(key, String(value));
    });
    var s = q.toString();
    return s ? "?" + s : "";
  };
})();
