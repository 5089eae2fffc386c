// nqgraph site: language switch, search and the SPARQL form. No external script.
(function () {
  "use strict";
  var KEY = "nqgraph-lang";

  function setLang(lang) {
    var html = document.documentElement;
    html.classList.remove("lang-vi", "lang-en");
    html.classList.add("lang-" + lang);
    html.setAttribute("lang", lang);
    try { window.localStorage.setItem(KEY, lang); } catch (e) { /* storage may be disabled */ }
  }

  var saved = null;
  try { saved = window.localStorage.getItem(KEY); } catch (e) { saved = null; }
  if (saved === "en" || saved === "vi") { setLang(saved); }

  // Fold like nqgraph.text.fold: drop diacritics and tone marks, đ → d, lower case.
  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function search(input, list, count) {
    var index = window.NQ_SEARCH || [];
    var words = fold(input.value).split(" ").filter(function (w) { return w.length > 0; });
    list.textContent = "";
    if (!words.length) { count.textContent = ""; return; }
    var hits = index.filter(function (e) {
      return words.every(function (w) { return e.f.indexOf(w) >= 0; });
    });
    count.textContent = hits.length + (document.documentElement.classList.contains("lang-en") ? " results" : " kết quả");
    hits.slice(0, 100).forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.h;
      a.textContent = e.vi;
      li.appendChild(a);
      var small = document.createElement("small");
      small.textContent = " " + e.en + " (" + e.k + ")";
      li.appendChild(small);
      list.appendChild(li);
    });
  }

  function renderResults(box, data) {
    box.textContent = "";
    var table = document.createElement("table");
    var caption = document.createElement("caption");
    var vars = (data.head && data.head.vars) || [];
    var rows = (data.results && data.results.bindings) || [];
    caption.textContent = rows.length + " rows";
    table.appendChild(caption);
    var head = document.createElement("tr");
    vars.forEach(function (v) { var th = document.createElement("th"); th.scope = "col"; th.textContent = v; head.appendChild(th); });
    var thead = document.createElement("thead"); thead.appendChild(head); table.appendChild(thead);
    var body = document.createElement("tbody");
    rows.forEach(function (b) {
      var tr = document.createElement("tr");
      vars.forEach(function (v) { var td = document.createElement("td"); td.textContent = b[v] ? b[v].value : ""; tr.appendChild(td); });
      body.appendChild(tr);
    });
    table.appendChild(body);
    box.appendChild(table);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("lang-switch");
    if (button) {
      button.addEventListener("click", function () {
        setLang(document.documentElement.classList.contains("lang-vi") ? "en" : "vi");
      });
    }
    var input = document.getElementById("search-input");
    if (input) {
      var list = document.getElementById("search-results");
      var count = document.getElementById("search-count");
      var params = new URLSearchParams(window.location.search);
      if (params.get("q")) { input.value = params.get("q"); }
      input.addEventListener("input", function () { search(input, list, count); });
      document.getElementById("search-form").addEventListener("submit", function (ev) { ev.preventDefault(); search(input, list, count); });
      search(input, list, count);
    }
    var form = document.getElementById("sparql-form");
    if (form) {
      var saved = document.getElementById("saved");
      var text = document.getElementById("query");
      var box = document.getElementById("sparql-results");
      saved.addEventListener("change", function () {
        var t = document.getElementById("saved-" + saved.value);
        if (t) { text.value = t.innerHTML.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"); }
      });
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var body = new URLSearchParams();
        body.set("query", text.value);
        fetch(form.getAttribute("action"), { method: "POST", body: body, headers: { "Accept": "application/sparql-results+json" } })
          .then(function (r) { return r.ok ? r.json() : r.text().then(function (t) { throw new Error(t); }); })
          .then(function (data) { renderResults(box, data); })
          .catch(function (err) { box.textContent = String(err.message || err); });
      });
    }
  });
}());
