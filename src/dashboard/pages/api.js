/*
 * Talking to /dashboard/api: JSON requests and CSV downloads. The session is an HttpOnly cookie
 * the server sets at sign-in (shared with the web chat's cadre page): the browser sends it with
 * every request here, and no script or URL ever holds the token.
 */
(function () {
  "use strict";

  var Dash = window.Dash;
  // Where earlier versions kept the token; it should not linger.
  try {
    window.sessionStorage.removeItem("minqing.cadre.token");
  } catch (e) {
    /* storage refused: nothing kept there either */
  }

  /** Called when the server says the session is gone; app.js shows the sign-in form. */
  Dash.onSignedOut = function () {};

  /** Resolves { status, json } for any answer; rejects only when the network failed. */
  Dash.request = function (method, path, body) {
    var init = { method: method, headers: body === undefined ? {} : { "Content-Type": "application/json" } };
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
   * Downloads a CSV (with the session cookie), then hands the file to the browser under the name
   * the server chose; a failure is shown on the page instead of as a broken download.
   */
  Dash.download = function (path) {
    return fetch(path).then(function (res) {
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
