// Keep every scrollable code block reachable from the keyboard (WCAG 2.1.1, axe rule
// "scrollable-region-focusable"). The theme gives a tab stop to blocks that scroll when the
// page loads, but not to blocks inside a solution or "show code" toggle, which only start to
// scroll once opened (and which the toggles mark tabindex="-1" while closed). Re-check whenever
// something opens and whenever the window is resized.
(function () {
  function addTabStops() {
    document.querySelectorAll("pre, .cell_output .output").forEach(function (el) {
      var scrolls = el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight;
      if (scrolls && el.offsetParent !== null && el.getAttribute("tabindex") !== "0") {
        el.setAttribute("tabindex", "0");
      }
    });
  }
  function later() { window.setTimeout(addTabStops, 50); }
  document.addEventListener("DOMContentLoaded", addTabStops);
  document.addEventListener("toggle", later, true);  // <details> dropdowns
  document.addEventListener("click", later, true);   // sphinx-togglebutton toggles
  window.addEventListener("resize", later);
})();

// Search result snippets quote the page's prose. Sphinx's search (searchtools.js) makes a
// snippet from the text of the result page's [role=main] element, which in this theme also
// holds the article header's buttons (".ipynb .pdf"), the print-only table of contents and the
// "Contents" sidebar: leave those out. (tests/site/test_site_reader.py searches and reads them.)
(function () {
  var NOT_PROSE = ".bd-header-article, #jb-print-docs-body, .onlyprint, .bd-sidebar-secondary, " +
                  ".prev-next-footer, footer";
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof Search === "undefined" || !Search.htmlToText) return;  // only on search.html
    var htmlToText = Search.htmlToText;
    Search.htmlToText = function (htmlString, anchor) {
      var doc = new DOMParser().parseFromString(htmlString, "text/html");
      doc.querySelectorAll(NOT_PROSE).forEach(function (el) { el.remove(); });
      return htmlToText(doc.documentElement.outerHTML, anchor);
    };
  });
})();

// Accessible names contain the label a reader sees (WCAG 2.5.3, axe rule
// "label-content-name-mismatch"): MyST-NB names its "Show code cell source" summaries "Toggle
// hidden content", and the theme names its search field "Search" although it also shows the
// shortcut; both take their name from what they show instead. The colour-mode button shows the
// icon of the current mode, whose title ("Light", "Dark", "System Settings") goes into its name.
(function () {
  function fixNames() {
    document.querySelectorAll("details.hide > summary[aria-label], .search-button__button[aria-label]")
      .forEach(function (el) {
        if (el.textContent.trim()) el.removeAttribute("aria-label");
      });
    document.querySelectorAll(".theme-switch-button").forEach(function (button) {
      var mode = document.documentElement.dataset.mode || "auto";
      var icon = button.querySelector('.theme-switch[data-mode="' + mode + '"]');
      // an <i title=...> until Font Awesome replaces it by an <svg> holding a <title>
      var title = icon && (icon.getAttribute("title") || (icon.querySelector("title") || {}).textContent);
      var shown = title && title.trim();
      button.setAttribute("aria-label", shown ? "Color mode: " + shown : "Color mode");
    });
  }
  document.addEventListener("DOMContentLoaded", fixNames);
  document.addEventListener("click", function () { window.setTimeout(fixNames, 50); }, true);
})();
