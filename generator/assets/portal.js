/* Project list: filter rows by their data-* attributes and sort tables by a column.
   Self-hosted, no dependencies. Without JavaScript every row stays visible. */
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    return cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
  }

  function makeSortable(table) {
    var head = table.tHead && table.tHead.rows[0];
    var body = table.tBodies[0];
    if (!head || !body || table.getAttribute("data-portal-ready")) { return; }
    table.setAttribute("data-portal-ready", "1");
    Array.prototype.forEach.call(head.cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "portal-sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var numeric = th.getAttribute("data-type") === "number";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(head.cells, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          var order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, "zh-CN");
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  // The filters live in the query string, named after downloads/projects.json's fields
  // (?colour=red&lead_unit=fagaiwei&q=光伏): a filtered view is a link to send a colleague.
  function readQuery(fields) {
    var query = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(fields, function (field) {
      var value = query.get(field.getAttribute("data-filter"));
      if (value === null) { return; }
      if (field.tagName === "SELECT" && !field.querySelector('option[value="' + CSS.escape(value) + '"]')) {
        var option = document.createElement("option");   // a value no project has: shows none
        option.value = value;
        option.textContent = value;
        field.appendChild(option);
      }
      field.value = value;
    });
  }

  function writeQuery(fields) {
    var query = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(fields, function (field) {
      var key = field.getAttribute("data-filter");
      if (field.value) { query.set(key, field.value); } else { query.delete(key); }
    });
    var text = query.toString();
    try {
      window.history.replaceState(window.history.state, "",
        window.location.pathname + (text ? "?" + text : "") + window.location.hash);
    } catch (error) { /* a browser that refuses it for file:// pages: the filter still works */ }
  }

  function matches(row, field) {
    var key = field.getAttribute("data-filter"), value = field.value.trim();
    if (!value) { return true; }
    if (key === "q") {
      var text = (row.getAttribute("data-q") || row.textContent).toLowerCase();
      return value.toLowerCase().split(/\s+/).every(function (word) { return text.indexOf(word) >= 0; });
    }
    return row.getAttribute("data-" + key) === value;
  }

  function makeFilter(form) {
    var table = document.getElementById(form.getAttribute("data-portal-filter"));
    if (!table || form.getAttribute("data-portal-ready")) { return; }
    form.setAttribute("data-portal-ready", "1");
    var fields = form.querySelectorAll("[data-filter]");
    var count = form.querySelector(".portal-filter-count");
    function apply(write) {
      var shown = 0, rows = table.tBodies[0].rows;
      Array.prototype.forEach.call(rows, function (row) {
        var match = Array.prototype.every.call(fields, function (field) { return matches(row, field); });
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      if (count) { count.textContent = "显示 " + shown + " / " + rows.length + " 个项目"; }
      if (write) { writeQuery(fields); }
    }
    readQuery(fields);
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("input", function () { apply(true); });
    form.addEventListener("reset", function () { window.setTimeout(function () { apply(true); }, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply(false);
  }

  // Accessibility fixes to the theme's own markup (axe-core, WCAG 2.1 AA): the search dialog
  // gets a name; the scroll boxes the theme wraps around wide tables can be reached and
  // scrolled with the keyboard.
  function fixTheme() {
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) { search.setAttribute("aria-label", "搜索"); }
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (box) {
      if (box.hasAttribute("tabindex")) { return; }
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "表格（可左右滚动）");
    });
  }

  function init() {
    fixTheme();
    Array.prototype.forEach.call(document.querySelectorAll("table[data-portal-sortable]"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-portal-filter]"), makeFilter);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  // Material's instant navigation swaps pages without a reload; re-run when it does.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  }
}());
