// clausecheck HTML report: status/strength filters, tier-matrix toggle, copy buttons.
// Works offline from a file:// URL. The page reads without it; the filters are built here
// because they only make sense when this script runs.
(function () {
  "use strict";
  var i18n = JSON.parse(document.getElementById("cc-i18n").textContent);
  var findings = Array.prototype.slice.call(document.querySelectorAll(".finding"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".article-group"));
  var nav = document.getElementById("filters");
  var active = { status: {}, strength: {} };

  function count(attr, value) {
    return findings.filter(function (f) { return f.dataset[attr] === value; }).length;
  }

  function button(kind, value, label) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "filter f-" + kind;
    b.dataset.kind = kind;
    b.dataset.value = value;
    b.setAttribute("aria-pressed", "false");
    var n = document.createElement("span");
    n.className = "count";
    n.textContent = String(count(kind, value));
    b.appendChild(document.createTextNode(label));
    b.appendChild(n);
    b.addEventListener("click", function () {
      var on = b.getAttribute("aria-pressed") !== "true";
      b.setAttribute("aria-pressed", on ? "true" : "false");
      if (on) { active[kind][value] = true; } else { delete active[kind][value]; }
      apply();
    });
    return b;
  }

  function group(kind, label, values) {
    var g = document.createElement("div");
    g.className = "group";
    g.dataset.kind = kind;
    var l = document.createElement("span");
    l.className = "label";
    l.textContent = label;
    g.appendChild(l);
    values.forEach(function (v) { g.appendChild(button(kind, v[0], v[1])); });
    return g;
  }

  function apply() {
    var st = Object.keys(active.status), sg = Object.keys(active.strength), shown = 0;
    findings.forEach(function (f) {
      var ok = (!st.length || st.indexOf(f.dataset.status) >= 0) &&
               (!sg.length || sg.indexOf(f.dataset.strength) >= 0);
      f.hidden = !ok;
      if (ok) { shown += 1; }
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector(".finding:not([hidden])"); });
    document.getElementById("visible-count").textContent =
      i18n.showing.replace("{n}", shown).replace("{total}", findings.length);
    document.body.dataset.visible = String(shown);
    var parts = [];
    if (st.length) { parts.push("status=" + st.join(",")); }
    if (sg.length) { parts.push("strength=" + sg.join(",")); }
    if (history.replaceState) {
      history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search);
    }
  }

  function fromHash() {
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var kv = part.split("=");
      if (kv.length !== 2 || !active[kv[0]]) { return; }
      kv[1].split(",").forEach(function (v) {
        var b = nav.querySelector('.filter[data-kind="' + kv[0] + '"][data-value="' + v + '"]');
        if (b) { b.setAttribute("aria-pressed", "true"); active[kv[0]][v] = true; }
      });
    });
  }

  if (nav && findings.length) {
    nav.appendChild(group("status", i18n.status, i18n.statuses.filter(function (s) {
      return count("status", s[0]) > 0;
    })));
    nav.appendChild(group("strength", i18n.strength, i18n.strengths.filter(function (s) {
      return count("strength", s[0]) > 0;
    })));
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "filter reset";
    reset.textContent = i18n.all;
    reset.addEventListener("click", function () {
      active = { status: {}, strength: {} };
      nav.querySelectorAll(".filter[aria-pressed]").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
      apply();
    });
    nav.appendChild(reset);
    var vis = document.createElement("span");
    vis.id = "visible-count";
    nav.appendChild(vis);
    nav.hidden = false;
    fromHash();
    apply();
  }

  var toggle = document.getElementById("only-changes");
  if (toggle) {
    toggle.addEventListener("change", function () {
      document.querySelector("table.tiers").classList.toggle("only-changes", toggle.checked);
    });
  }

  function copied(b) {
    b.classList.add("done");
    b.textContent = i18n.copied;
    setTimeout(function () { b.classList.remove("done"); b.textContent = i18n.copy; }, 1500);
  }

  document.querySelectorAll("button.copy").forEach(function (b) {
    b.addEventListener("click", function () {
      var text = document.getElementById(b.dataset.target).textContent;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { copied(b); });
        return;
      }
      var ta = document.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.style.position = "fixed";
      ta.style.opacity = "0";
      document.body.appendChild(ta);
      ta.select();
      try { document.execCommand("copy"); copied(b); } finally { document.body.removeChild(ta); }
    });
  });
  document.body.dataset.ready = "1";
}());
