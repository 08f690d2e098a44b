/* Kurzgefasst: TLDR support highlighting and keyboard shortcuts. No dependencies, no inline
   script (the Content-Security-Policy allows only this same-origin file). */
(function () {
  "use strict";
  var doc = document;

  /* TLDR: hovering, focusing or tapping a sentence highlights the sentences of Inhalt that
     support it (data-support holds their data-s numbers). */
  function supportOf(el) {
    return (el.getAttribute("data-support") || "").split(/\s+/).filter(Boolean).map(function (n) {
      return doc.querySelector('.inhalt .s[data-s="' + n + '"]');
    }).filter(Boolean);
  }
  function clearSupport() {
    doc.querySelectorAll(".inhalt .s.support").forEach(function (e) { e.classList.remove("support"); });
    doc.querySelectorAll(".tldr-sentence.active").forEach(function (e) { e.classList.remove("active"); });
  }
  function showSupport(el, scroll) {
    clearSupport();
    el.classList.add("active");
    var found = supportOf(el);
    found.forEach(function (e) { e.classList.add("support"); });
    if (scroll && found.length) { found[0].scrollIntoView({ block: "center" }); }
  }
  doc.querySelectorAll(".tldr-sentence[data-support]").forEach(function (el) {
    el.addEventListener("mouseenter", function () { showSupport(el, false); });
    el.addEventListener("mouseleave", clearSupport);
    el.addEventListener("focus", function () { showSupport(el, false); });
    el.addEventListener("blur", clearSupport);
    el.addEventListener("click", function () { showSupport(el, true); });
    el.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); showSupport(el, true); }
    });
  });

  /* Reading state (logged-in readers): the read, save and "mark all" forms are plain POST forms;
     here they are sent with fetch (Accept: application/json) and the page is updated in place.
     When fetch fails the form is submitted the plain way. */
  function send(form) {
    return fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); });
  }
  function setState(article, what, on) {
    if (what === "read") { article.classList.toggle("read", on); article.classList.toggle("unread", !on); }
    else { article.classList.toggle("saved", on); }
    var btn = article.querySelector(what === "read" ? ".toggle-read" : ".toggle-save");
    if (!btn) { return; }
    btn.setAttribute("aria-pressed", on ? "true" : "false");
    btn.textContent = btn.getAttribute(on ? "data-on" : "data-off");
    var w = btn.form && btn.form.querySelector("input[name=wert]");
    if (w) { w.value = on ? "0" : "1"; }
  }
  doc.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.classList || !(form.classList.contains("state") || form.classList.contains("mark-all"))) { return; }
    e.preventDefault();
    if (form.classList.contains("state")) {
      send(form).then(function (s) {
        doc.querySelectorAll('[data-id="' + s.id + '"]').forEach(function (a) {
          setState(a, "read", s.read); setState(a, "saved", s.saved);
        });
      }).catch(function () { form.submit(); });
    } else {
      send(form).then(function (s) {
        var ids = form.querySelector("input[name=ids]");
        var only = ids ? ids.value.split(",") : null;
        doc.querySelectorAll("article[data-id]").forEach(function (a) {
          if (!only || only.indexOf(a.getAttribute("data-id")) >= 0) { setState(a, "read", true); }
        });
        form.setAttribute("data-marked", String(s.marked));
      }).catch(function () { form.submit(); });
    }
  });
  function submitIn(el, css) {
    var btn = el && el.querySelector(css);
    if (btn && btn.form) { if (btn.form.requestSubmit) { btn.form.requestSubmit(); } else { btn.click(); } return true; }
    return false;
  }

  /* Keyboard: j / k next / previous entry, / search, o open the original; m read/unread,
     s save, A mark all (logged-in readers). */
  var current = -1;
  function entries() { return Array.prototype.slice.call(doc.querySelectorAll("main article.entry")); }
  function typing(t) {
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(t.tagName));
  }
  doc.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) { return; }
    var list = entries();
    if (e.key === "j" || e.key === "k") {
      if (!list.length) { return; }
      var focused = list.findIndex(function (a) { return a.contains(doc.activeElement); });
      if (focused >= 0) { current = focused; }
      current = e.key === "j" ? Math.min(current + 1, list.length - 1) : Math.max(current - 1, 0);
      list.forEach(function (a, n) { a.classList.toggle("current", n === current); });
      var link = list[current].querySelector("h3 a, h2.story a");
      if (link) { link.focus(); }
      list[current].scrollIntoView({ block: "nearest" });
      e.preventDefault();
    } else if (e.key === "/") {
      var input = doc.querySelector("main input[type=search]") || doc.getElementById("kopf-q");
      if (input) { e.preventDefault(); input.focus(); input.select(); }
    } else if (e.key === "m" || e.key === "s") {
      var target = doc.querySelector("article.full") || (current >= 0 ? list[current] : null);
      if (submitIn(target, e.key === "m" ? ".toggle-read" : ".toggle-save")) { e.preventDefault(); }
    } else if (e.key === "A") {
      var all = doc.getElementById("alle-gelesen");
      if (all && all.form) { e.preventDefault(); submitIn(all.form.parentNode, "#alle-gelesen"); }
    } else if (e.key === "o") {
      var orig = doc.getElementById("original");
      var url = orig ? orig.getAttribute("href") : (current >= 0 && list[current] ? list[current].getAttribute("data-original") : null);
      if (url && /^https?:/.test(url)) { e.preventDefault(); window.open(url, "_blank", "noopener,noreferrer"); }
    }
  });
})();
