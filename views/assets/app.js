// hookrelay UI helpers: copy buttons, live relative times, htmx wiring (CSRF header,
// 422 form swaps, error notices). Plain ES2020, no build step: served as-is from the binary.
(function () {
  "use strict";

  // ---- relative times: mirrors formatRelative() in views/lib/format.ts ----
  var UNITS = [[86400000, "d"], [3600000, "h"], [60000, "min"], [1000, "s"]];

  function relative(ms, now) {
    var diff = now - ms;
    var abs = Math.abs(diff);
    if (abs < 10000) return "just now";
    if (abs >= 30 * 86400000) return new Date(ms).toLocaleDateString();
    for (var i = 0; i < UNITS.length; i++) {
      if (abs >= UNITS[i][0]) {
        var n = Math.floor(abs / UNITS[i][0]);
        return diff >= 0 ? n + " " + UNITS[i][1] + " ago" : "in " + n + " " + UNITS[i][1];
      }
    }
    return "just now";
  }

  function updateTimes(root) {
    var now = Date.now();
    var els = (root || document).querySelectorAll("time[data-relative]");
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var ms = Date.parse(el.getAttribute("datetime"));
      if (isNaN(ms)) continue;
      el.textContent = relative(ms, now);
      // The server can only render UTC; the browser knows the viewer's zone.
      if (!el.dataset.localTitle) {
        el.title = new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
        el.dataset.localTitle = "1";
      }
    }
  }

  // ---- notices: same markup as views/components/flash.tsx ----
  function notify(kind, message) {
    var region = document.getElementById("flash");
    if (!region) return;
    var box = document.createElement("div");
    box.className = "flash flash-" + kind;
    box.setAttribute("role", kind === "error" ? "alert" : "status");
    var text = document.createElement("p");
    text.className = "flash-text";
    text.textContent = message; // textContent: server messages are never parsed as HTML here
    var close = document.createElement("button");
    close.type = "button";
    close.className = "flash-close";
    close.setAttribute("data-dismiss", "");
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "\u00d7";
    box.append(text, close);
    region.append(box);
  }

  // ---- copy to clipboard ----
  function copyText(text) {
    // navigator.clipboard needs a secure context; self-hosted installs are often plain
    // http on a LAN address, where only the old execCommand path works.
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var ta = document.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.style.cssText = "position:fixed;top:-1000px;opacity:0";
      document.body.append(ta);
      ta.select();
      var ok = document.execCommand("copy");
      ta.remove();
      ok ? resolve() : reject(new Error("copy failed"));
    });
  }

  document.addEventListener("click", function (e) {
    var dismiss = e.target.closest("[data-dismiss]");
    if (dismiss) {
      var flash = dismiss.closest(".flash");
      if (flash) flash.remove();
      return;
    }
    var btn = e.target.closest("[data-copy],[data-copy-target]");
    if (!btn) return;
    var text = btn.getAttribute("data-copy");
    if (text === null) {
      var target = document.querySelector(btn.getAttribute("data-copy-target"));
      text = target ? target.textContent : "";
    }
    copyText(text).then(
      function () {
        btn.setAttribute("data-copied", "");
        var label = btn.querySelector(".copy-btn-text");
        if (label) label.textContent = "Copied";
        clearTimeout(btn._copyTimer);
        btn._copyTimer = setTimeout(function () {
          btn.removeAttribute("data-copied");
          if (label) label.textContent = "Copy";
        }, 1500);
      },
      function () { notify("error", "Could not copy to the clipboard. Select the text and copy it manually."); }
    );
  });

  // ---- htmx ----
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : null;
  }

  document.addEventListener("htmx:configRequest", function (e) {
    var token = csrfToken();
    if (token) e.detail.headers["x-csrf-token"] = token;
  });

  document.addEventListener("htmx:responseError", function (e) {
    var xhr = e.detail.xhr;
    var msg = xhr.status === 403 ? "You don’t have permission to do that, or your session expired. Reload the page."
      : xhr.status === 404 ? "That no longer exists. Reload the page."
      : xhr.status === 429 ? "Too many requests. Wait a moment and try again."
      : "The server answered " + xhr.status + ". Try again; if it persists, check the server log.";
    notify("error", msg);
  });

  document.addEventListener("htmx:sendError", function () {
    notify("error", "Could not reach hookrelay. Is the server running?");
  });

  function configureHtmx() {
    if (!window.htmx) return;
    // htmx 2 does not swap 4xx by default. Forms answer validation failures with 422 and
    // the re-rendered form (stack.md pitfall 13), so 422 swaps like a success; other
    // errors keep the page and raise htmx:responseError (a notice, above).
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "422", swap: true, error: false },
      { code: "[45]..", swap: false, error: true },
      { code: "...", swap: false },
    ];
    htmx.onLoad(updateTimes);
  }

  // ---- live lists (SSE via the htmx sse extension) ----
  // Each SSE message carries whole elements with ids. When every one of them is already on the
  // page (a reconnect replayed it, or a row changed state), it replaces the old one in place
  // instead of stacking a duplicate; new ids fall through to the element's normal sse swap.
  document.addEventListener("htmx:sseBeforeMessage", function (e) {
    var tpl = document.createElement("template");
    tpl.innerHTML = e.detail.data;
    var els = Array.prototype.slice.call(tpl.content.children);
    if (!els.length) return;
    for (var i = 0; i < els.length; i++) {
      if (!els[i].id || !document.getElementById(els[i].id)) return;
    }
    e.preventDefault();
    els.forEach(function (el) {
      var old = document.getElementById(el.id);
      // What the user opened stays open across updates.
      if (old.matches("details[open]") && el.tagName === "DETAILS") el.open = true;
      Array.prototype.forEach.call(old.querySelectorAll("details[open][id]"), function (d) {
        var same = el.querySelector("#" + CSS.escape(d.id));
        if (same) same.open = true;
      });
      old.replaceWith(el);
      if (window.htmx) htmx.process(el);
      updateTimes(el);
    });
  });

  // After a live row lands: lists marked data-max-rows keep only their newest rows (a busy stream
  // never grows the page forever), and the stream's "nothing yet" placeholder goes away.
  document.addEventListener("htmx:sseMessage", function (e) {
    var t = e.target;
    if (!t || !t.closest) return;
    var max = Number(t.getAttribute("data-max-rows"));
    if (max > 0) while (t.children.length > max) t.lastElementChild.remove();
    var live = t.closest("[sse-connect]");
    var empty = live ? live.querySelector("[data-live-empty]") : null;
    if (empty) empty.hidden = true;
    // A detail pane still waiting for the first row (the inspector's "Try it") opens that row instead.
    var waiting = live ? live.querySelector("[data-await-first]") : null;
    var link = waiting ? t.querySelector("[hx-get]") : null;
    if (link && window.htmx) {
      var pane = waiting.getAttribute("data-await-first");
      waiting.removeAttribute("data-await-first");
      htmx.ajax("GET", link.getAttribute("hx-get"), { target: pane, swap: "innerHTML" });
      link.setAttribute("aria-current", "true");
    }
  });

  // In a master/detail list (the request inspector) the row just opened is the current one.
  document.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest(".req-link[hx-get]") : null;
    if (!link) return;
    var list = link.closest("ul");
    if (!list) return;
    Array.prototype.forEach.call(list.querySelectorAll('.req-link[aria-current="true"]'), function (a) { a.removeAttribute("aria-current"); });
    link.setAttribute("aria-current", "true");
  });

  // The stream's state, for the "Live" / "Reconnecting" indicator (the extension reconnects by itself).
  document.addEventListener("htmx:sseOpen", function (e) { e.target.setAttribute("data-live", "open"); });
  document.addEventListener("htmx:sseError", function (e) { e.target.setAttribute("data-live", "retrying"); });

  configureHtmx();
  updateTimes(document);
  setInterval(function () { updateTimes(document); }, 30000);
})();
