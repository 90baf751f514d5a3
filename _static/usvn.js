/* Charts that fit their column.
 *
 * Each chart on a page is queued by its own inline script (window.usvnCharts, written by
 * usvn.charts.style.html) and drawn here with the self-hosted vega-embed.  A chart wider
 * than its column is laid out again for the width it has: titles and source notes are
 * re-wrapped from the full texts kept in the spec (usermeta.usvn), side-by-side panels are
 * stacked, facet columns wrap, legends wrap into rows, and plot widths shrink by what
 * overflowed; it is drawn again until it fits (a few passes at most).  The widths the
 * chart was designed for are kept where they fit, so the laptop page draws what the PDF
 * prints.  A window resize lays the charts out again.
 */
(function () {
  "use strict";
  var MIN_VIEW = 100;   // narrowest plot a chart is given
  var ACTIONS = 40;     // vega-embed's padding for its menu button
  var MENU_NAME = "Chart menu: save as image, view source";

  // Lines of at most `room` pixels in the chart's own font (measured, not guessed).
  var ruler = document.createElement("canvas").getContext("2d");
  function wrap(text, room, size, spec, weight) {
    var font = ((spec.config || {}).font) || "sans-serif";
    ruler.font = (weight || "normal") + " " + size + "px " + font;
    var lines = [], line = "";
    String(text).split(/\s+/).forEach(function (word) {
      if (!word) { return; }
      var longer = line ? line + " " + word : word;
      if (line && ruler.measureText(longer).width > room) { lines.push(line); line = word; }
      else { line = longer; }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  function retitle(spec, room) {
    var meta = (spec.usermeta || {}).usvn;
    if (!meta || !spec.title) { return; }
    var size = ((spec.config || {}).title || {}).fontSize || 16;
    var small = ((spec.config || {}).title || {}).subtitleFontSize || 12;
    var text = wrap(meta.title, room, size, spec, ((spec.config || {}).title || {}).fontWeight || "bold");
    spec.title.text = text.length === 1 ? text[0] : text;
    var lines = [];
    (meta.subtitle || []).forEach(function (s) { lines = lines.concat(wrap(s, room, small, spec)); });
    spec.title.subtitle = lines;
  }

  // Stack side-by-side panels and wrap facet columns when the column is narrow.
  function restack(node, room) {
    if (!node || typeof node !== "object") { return; }
    if (Array.isArray(node.hconcat)) { node.vconcat = node.hconcat; delete node.hconcat; }
    if (node.encoding && node.encoding.column) {
      node.encoding.facet = Object.assign({}, node.encoding.column, {
        columns: Math.max(1, Math.floor(room / (viewWidth(node) + 60)))
      });
      delete node.encoding.column;
    }
    if (node.facet && node.facet.column) {
      node.facet = node.facet.column;
      node.columns = Math.max(1, Math.floor(room / (viewWidth(node.spec) + 40)));
    }
    ["vconcat", "concat", "layer"].forEach(function (key) {
      (node[key] || []).forEach(function (child) { restack(child, room); });
    });
    if (node.spec) { restack(node.spec, room); }
  }

  function viewWidth(node) {
    if (node && typeof node.width === "number") { return node.width; }
    return 540;
  }

  // Take `by` pixels off every plot's width (concatenated plots each lose it).
  function shrink(node, by, top) {
    if (!node || typeof node !== "object") { return; }
    var parts = ["vconcat", "concat", "hconcat"].filter(function (k) { return Array.isArray(node[k]); });
    if (parts.length) {
      var share = node.hconcat ? by / node.hconcat.length : by;
      node[parts[0]].forEach(function (child) { shrink(child, share, false); });
      return;
    }
    if (node.spec) { shrink(node.spec, node.columns > 1 ? by / node.columns : by, false); return; }
    if (typeof node.width === "number" || node.width === undefined) {
      if (node.layer && node.width === undefined && !top) {
        node.layer.forEach(function (child) { shrink(child, by, false); });
        return;
      }
      node.width = Math.max(MIN_VIEW, Math.round(viewWidth(node) - by));
    } else if (node.width && node.width.step) {
      node.width = { step: Math.max(4, node.width.step * 0.8) };
    }
  }

  // Caps on label and title lengths for a narrow column (cut with an ellipsis; the full
  // text stays in the tooltip and the data download).
  function capLabels(node, limits) {
    if (!node || typeof node !== "object") { return; }
    if (Array.isArray(node)) { node.forEach(function (n) { capLabels(n, limits); }); return; }
    ["axis", "legend"].forEach(function (key) {
      var part = node[key];
      if (part && typeof part === "object") {
        Object.keys(limits[key]).forEach(function (name) {
          var now = part[name];  // 0 is no limit at all
          if (typeof now !== "number" || now <= 0 || now > limits[key][name]) { part[name] = limits[key][name]; }
        });
      }
    });
    // category labels along a narrow x axis turn (they would overlap side by side)
    var x = node.x;
    if (x && x.axis && x.axis.labelAngle === 0 && (x.type === "nominal" || x.type === "ordinal")) {
      x.axis.labelAngle = -45;
    }
    Object.keys(node).forEach(function (k) { if (k !== "datasets" && k !== "data") { capLabels(node[k], limits); } });
  }

  // Category labels and axis titles too long for a narrow column are set on several
  // lines (measured in the chart's font) instead of being cut: two bars whose names begin
  // alike must still be told apart, and a unit must not be lost.
  function wrapLabels(spec, limits) {
    var datasets = spec.datasets || {};
    var size = ((spec.config || {}).axis || {}).labelFontSize || 11;
    function values(field) {
      var seen = {};
      Object.keys(datasets).forEach(function (k) {
        datasets[k].forEach(function (row) { if (row[field] !== undefined && row[field] !== null) { seen[row[field]] = true; } });
      });
      return Object.keys(seen);
    }
    var most = 1;  // the most lines any wrapped label took
    function lookup(field, width) {
      var map = {}, any = false;
      values(field).forEach(function (v) {
        var lines = wrap(v, width, size, spec);
        if (lines.length > 1) { map[v] = lines; any = true; most = Math.max(most, lines.length); }
      });
      return any ? "(" + JSON.stringify(map) + ")[datum.label] || datum.label" : null;
    }
    function visit(node, holder) {
      if (!node || typeof node !== "object") { return; }
      if (Array.isArray(node)) { node.forEach(function (n) { visit(n, holder); }); return; }
      if (node.height !== undefined || node.layer || (node.mark && !holder)) { holder = node; }
      var enc = node.encoding;
      if (enc && typeof enc === "object") {
        Object.keys(enc).forEach(function (channel) {
          var e = enc[channel];
          if (!e || typeof e !== "object" || !e.field) { return; }
          var discrete = e.type === "nominal" || e.type === "ordinal";
          if ((channel === "x" || channel === "y") && e.axis !== null) {
            e.axis = e.axis || {};
            if (discrete && !e.axis.labelExpr) {
              most = 1;
              var expr = lookup(e.field, limits.axis.labelLimit);
              if (expr) { e.axis.labelExpr = expr; e.axis.labelLimit = 0; }
              // rows as tall as their labels: lines of wrapped names must not overlap
              var step = holder && holder.height === undefined ? 20 : (holder && holder.height && holder.height.step);
              if (expr && channel === "y" && step) {
                holder.height = { step: Math.max(step, most * (size + 2) + 6) };
              }
            }
            var title = e.title !== undefined ? e.title : e.axis.title;
            if (typeof title === "string") {
              var lines = wrap(title, limits.axis.titleLimit, 12, spec, "bold");
              if (lines.length > 1) { e.title = lines; delete e.axis.title; e.axis.titleLimit = 0; }
            }
          }
          if (["color", "fill", "stroke", "shape", "opacity", "strokeDash", "size"].indexOf(channel) >= 0 && e.legend !== null && discrete) {
            legends.push(e);
          }
        });
      }
      Object.keys(node).forEach(function (k) {
        if (k !== "datasets" && k !== "data" && k !== "encoding") { visit(node[k], holder); }
      });
    }
    var legends = [];
    visit(spec, null);
    // one expression for every legend encoding (layers sharing a legend must agree)
    var map = {}, any = false;
    legends.forEach(function (e) {
      values(e.field).forEach(function (v) {
        var lines = wrap(v, limits.legend.labelLimit, size, spec);
        if (lines.length > 1) { map[v] = lines; any = true; }
      });
    });
    if (any) {
      var shared = "(" + JSON.stringify(map) + ")[datum.label] || datum.label";
      legends.forEach(function (e) {
        e.legend = e.legend || {};
        if (!e.legend.labelExpr) { e.legend.labelExpr = shared; e.legend.labelLimit = 0; }
      });
    }
  }

  function narrow(spec, room) {
    var limits = {
      axis: { labelLimit: Math.max(70, Math.round(room * 0.4)), titleLimit: Math.round(room * 0.6) },
      legend: { labelLimit: Math.max(110, Math.round(room * 0.45)), titleLimit: Math.round(room * 0.45) }
    };
    spec.config = spec.config || {};
    // legends one under another (Vega's legend layout), entries in a column
    var stack = { anchor: "start", direction: "vertical", margin: 6 };
    spec.config.legend = Object.assign({}, spec.config.legend || {}, limits.legend, {
      direction: "vertical", layout: { top: stack, bottom: stack }
    });
    spec.config.axis = Object.assign({}, spec.config.axis || {}, limits.axis);
    capLabels(spec, limits);
    wrapLabels(spec, limits);
    restack(spec, room);
  }

  function drawnWidth(el) {
    var svg = el.querySelector("svg");
    return svg ? svg.getBoundingClientRect().width : 0;
  }

  function nameMenu(el) {
    var summary = el.querySelector("details > summary");
    if (summary) {
      summary.setAttribute("aria-label", MENU_NAME);
      summary.setAttribute("title", MENU_NAME);
    }
  }

  function embed(chart, spec) {
    if (chart.result) { chart.result.finalize(); }
    return vegaEmbed(chart.el, spec, { actions: true, renderer: "svg" }).then(function (r) {
      chart.result = r;
      nameMenu(chart.el);
      return drawnWidth(chart.el);
    });
  }

  function fit(chart) {
    var room = Math.floor(chart.el.parentElement.getBoundingClientRect().width) - ACTIONS;
    chart.room = room;
    var spec = JSON.parse(JSON.stringify(chart.spec));
    var pass = 0;
    var seen = [];
    function attempt(width) {
      seen.push(Math.round(width));
      chart.el.setAttribute("data-widths", seen.join(" "));
      var over = width - room;
      if (over <= 0 || pass >= 4) { return Promise.resolve(); }
      pass += 1;
      if (pass === 1) { retitle(spec, room - 14); narrow(spec, room); }  // Vega pads 5 px a side
      else { shrink(spec, over + 4, true); }
      return embed(chart, spec).then(attempt);
    }
    return embed(chart, spec).then(attempt).then(function () {
      (window.usvnViews = window.usvnViews || {})[chart.el.id] = chart.result.view;
      chart.el.setAttribute("data-passes", String(pass));
      chart.el.setAttribute("data-drawn", "true");
      chart.result.view.container().setAttribute("data-drawn", "true");
    }).catch(function (err) { console.error(err); });
  }

  var charts = [];
  function drawAll() {
    (window.usvnCharts || []).forEach(function (item) {
      var el = document.getElementById(item[0]);
      if (el) { var chart = { el: el, spec: item[1] }; charts.push(chart); fit(chart); }
    });
    window.usvnCharts = { push: function () {} };
  }

  // A table wider than its column scrolls in its box (the theme's container): make the
  // box reachable by keyboard and named, so it can be scrolled without a mouse.
  function scrollableTables() {
    document.querySelectorAll("article table").forEach(function (table) {
      var parent = table.parentElement;
      if (!parent.classList.contains("pst-scrollable-table-container")) {  // not every table is wrapped
        var box = document.createElement("div");
        box.className = "pst-scrollable-table-container";
        parent.insertBefore(box, table);
        box.appendChild(table);
      }
    });
    document.querySelectorAll(".pst-scrollable-table-container").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Table, scrolls sideways");
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex"); box.removeAttribute("role"); box.removeAttribute("aria-label");
      }
    });
  }

  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      scrollableTables();
      charts.forEach(function (chart) {
        var room = Math.floor(chart.el.parentElement.getBoundingClientRect().width) - ACTIONS;
        if (Math.abs(room - chart.room) > 8) { chart.el.removeAttribute("data-drawn"); fit(chart); }
      });
    }, 200);
  });

  function start() { scrollableTables(); drawAll(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
