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
    + " #yasgui .CodeMirror-linenumber { color: #555; }";
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
  window.nqgraphYasgui = yasgui;
  element.setAttribute("data-ready", "true");
}());
