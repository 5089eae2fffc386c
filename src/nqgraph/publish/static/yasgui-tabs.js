/* The SPARQL editor of sparql.html: YASGUI on this site's own /sparql endpoint, with each saved
   query of nqgraph as a ready tab (its parameters bound by a VALUES block to the example values).
   Nothing is fetched from elsewhere: the autocompleters that ask Linked Open Vocabularies are off.
   The site is checked with axe-core, so what YASGUI draws is mended where it falls short (controls
   without a name, tabs naming panels not drawn yet, grey tab titles, a button among the tabs). */
(function () {
  "use strict";
  var element = document.getElementById("yasgui");
  if (!element || typeof window.Yasgui === "undefined") { return; }
  var endpoint = new URL(element.getAttribute("data-endpoint"), window.location.href).href;
  var saved = JSON.parse(document.getElementById("saved-queries").textContent);
  var english = document.documentElement.lang === "en";
  var names = {
    "autocomplete": english ? "SPARQL endpoint" : "Điểm cuối SPARQL",
    "tableSizer": english ? "Rows per page" : "Số dòng mỗi trang"
  };

  var style = document.createElement("style");
  style.textContent = "#yasgui .tabsList .tab a { color: #333; }"
    + " #yasgui .tabsList .tab.active a { color: #000; }"
    + " #yasgui .nqgraph-add-tab { display: inline-block; vertical-align: top; }"
    + " #yasgui .cm-string-2 { color: #9a3412; } #yasgui .cm-string { color: #a31515; }"
    + " #yasgui .cm-comment { color: #4b5563; } #yasgui .cm-atom, #yasgui .cm-number { color: #166534; }"
    + " #yasgui .CodeMirror-linenumber { color: #555; }"
    + " #sparql-pager button { margin: 0 0.5em 0.5em 0; }";
  document.head.appendChild(style);

  function nameOf(control) {
    for (var cls in names) {
      if (control.classList.contains(cls)) { return names[cls]; }
    }
    if (control.tagName === "TEXTAREA") { return "SPARQL"; }
    if (control.closest("a[role=tab]")) { return english ? "Tab name" : "Tên thẻ"; }
    return control.getAttribute("placeholder") || control.getAttribute("title") || "YASGUI";
  }

  function mend() {
    element.querySelectorAll("input, textarea, select").forEach(function (control) {
      if (!control.getAttribute("aria-label") && !control.labels.length) {
        control.setAttribute("aria-label", nameOf(control));
      }
    });
    element.querySelectorAll(".CodeMirror-scroll:not([tabindex=\"0\"])").forEach(function (region) {
      region.setAttribute("tabindex", "0");  // a scrolled editor reachable by keyboard
    });
    element.querySelectorAll("[aria-controls]").forEach(function (tab) {
      if (!document.getElementById(tab.getAttribute("aria-controls"))) { tab.removeAttribute("aria-controls"); }
    });
    element.querySelectorAll("[role=tablist]").forEach(function (list) {
      Array.prototype.slice.call(list.children).forEach(function (child) {
        if (!child.querySelector("[role=tab]") && child.querySelector("button")) {
          child.classList.add("nqgraph-add-tab");
          list.parentNode.insertBefore(child, list.nextSibling);
        }
      });
    });
  }
  new MutationObserver(mend).observe(element, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["aria-controls"]
  });

  /* Paging through an answer larger than the server's cap. /sparql sends at most its cap of rows
     and says so in X-NQGraph-Result-Cap; the pager then shows which rows the table holds and asks
     for the next ones by running the tab's query again with "LIMIT cap+1 OFFSET k" after it (one
     row more than it shows, to learn whether more follow). A query with a LIMIT or OFFSET of its
     own is not paged; one without ORDER BY is, with a note that its pages may overlap. */
  function pages(yasgui) {
    var pager = document.createElement("nav");
    pager.id = "sparql-pager";
    pager.setAttribute("aria-label", english ? "Pages of the answer" : "Các trang của kết quả");
    pager.hidden = true;
    var status = document.createElement("p");
    status.id = "sparql-pager-status";
    status.setAttribute("aria-live", "polite");
    var previous = document.createElement("button");
    previous.type = "button";
    previous.id = "sparql-pager-previous";
    previous.textContent = english ? "Previous rows" : "Các dòng trước";
    var next = document.createElement("button");
    next.type = "button";
    next.id = "sparql-pager-next";
    next.textContent = english ? "Next rows" : "Các dòng sau";
    pager.appendChild(status);
    pager.appendChild(previous);
    pager.appendChild(next);
    element.parentNode.insertBefore(pager, element.nextSibling);
    var states = {};  // by tab id: the query as written, the first row shown, the page size
    var number = new Intl.NumberFormat(english ? "en" : "vi");

    function code(text) {  // the text without comments (an IRI's "#" cuts a line short: harmless here)
      return text.replace(/#[^\n]*/g, " ");
    }

    function rowsIn(response) {
      try {
        return JSON.parse(response.content).results.bindings.length;
      } catch (e) {
        return null;
      }
    }

    function show(state) {
      pager.hidden = !state || !state.shown;
      if (pager.hidden) { return; }
      var first = state.offset + 1;
      var last = state.rows === null ? null : state.offset + state.rows;
      var range = (english ? "Rows " : "Dòng ") + number.format(first)
        + (last === null ? "" : "–" + number.format(last));
      var notes = [];
      if (state.more && state.own) {
        notes.push(english
          ? "the server sends at most " + number.format(state.size) + " rows a request; remove the query's LIMIT or OFFSET to read the rest page by page"
          : "máy chủ gửi tối đa " + number.format(state.size) + " dòng mỗi lần; bỏ LIMIT hoặc OFFSET của truy vấn để đọc phần còn lại theo trang");
      } else if (state.more) {
        notes.push(english
          ? "the server sends at most " + number.format(state.size) + " rows a request; the answer has more"
          : "máy chủ gửi tối đa " + number.format(state.size) + " dòng mỗi lần; kết quả còn nữa");
      } else {
        notes.push(english ? "the last rows of the answer" : "các dòng cuối của kết quả");
      }
      if (!state.ordered) {
        notes.push(english
          ? "without ORDER BY the pages may overlap"
          : "không có ORDER BY, các trang có thể trùng nhau");
      }
      status.textContent = range + ": " + notes.join("; ") + ".";
      previous.hidden = state.own;
      next.hidden = state.own;
      previous.disabled = state.offset === 0;
      next.disabled = !state.more;
    }

    function answered(tab, response) {
      var id = tab.getId();
      var text = tab.getYasqe().getValue();
      var state = states[id];
      if (!state || text !== state.sent) {  // a query the user wrote or changed: its first page
        var body = code(text);
        state = states[id] = {
          base: text, sent: text, offset: 0, size: 0, rows: null, more: false, shown: false,
          own: /\b(LIMIT|OFFSET)\s+[0-9]/i.test(body), ordered: /\bORDER\s+BY\b/i.test(body)
        };
      }
      var cap = response && response.headers ? response.headers.get("X-NQGraph-Result-Cap") : null;
      state.more = cap !== null;
      if (cap !== null) { state.size = state.size || parseInt(cap, 10); }
      state.rows = response && response.headers ? rowsIn(response) : null;
      state.shown = state.more || state.offset > 0;
      if (yasgui.getTab().getId() === id) { show(state); }
    }

    function go(step) {
      var tab = yasgui.getTab();
      var state = states[tab.getId()];
      if (!state || !state.size) { return; }
      state.offset = Math.max(0, state.offset + step * state.size);
      state.sent = state.offset === 0 ? state.base
        : state.base + "\nLIMIT " + (state.size + 1) + " OFFSET " + state.offset;
      tab.getYasqe().setValue(state.sent);
      tab.query().catch(function () {});
    }

    previous.addEventListener("click", function () { go(-1); });
    next.addEventListener("click", function () { go(1); });
    yasgui.on("queryBefore", function (instance, tab) {
      var yasqe = tab.getYasqe();
      if (yasqe && !yasqe.nqgraphPager) {
        yasqe.nqgraphPager = true;
        yasqe.on("queryResponse", function (editor, response) { answered(tab, response); });
      }
    });
    yasgui.on("tabSelect", function (instance, id) { show(states[id]); });
  }

  var yasgui = new window.Yasgui(element, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { autocompleters: ["variables", "prefixes"] },
    tabName: "SPARQL"
  });
  saved.forEach(function (query) {
    yasgui.addTab(false, {
      name: query.name,
      yasqe: { value: query.text },
      requestConfig: { endpoint: endpoint, method: "POST" }
    });
  });
  mend();
  pages(yasgui);
  window.nqgraphYasgui = yasgui;
  element.setAttribute("data-ready", "true");
}());
