/* chidao: glue between server-rendered pages, htmx and ECharts.
 *
 * Pages work without this file for reading; it only adds charts and a visible
 * message when an htmx request fails (htmx swaps nothing on an error status).
 */
(function () {
  "use strict";

  /* Charts: <div class="chart" data-chart="ID"></div> plus
   * {{ option|json_script:"ID" }}, where option is an ECharts option object.
   * Runs on page load and on every element htmx swaps in. */
  function chartsIn(root) {
    var found = Array.prototype.slice.call(root.querySelectorAll("[data-chart]"));
    if (root.dataset && root.dataset.chart) found.push(root);
    return found;
  }

  /* The Content-Security-Policy refuses style="" in HTML, and ECharts builds its HTML
   * tooltips out of it: draw tooltips on the canvas instead, unless a chart says otherwise. */
  function withCanvasTooltips(option) {
    var tips = option.tooltip;
    if (!tips) return option;
    (Array.isArray(tips) ? tips : [tips]).forEach(function (tip) {
      if (!tip.renderMode) tip.renderMode = "richText";
    });
    return option;
  }

  function initCharts(root) {
    if (typeof echarts === "undefined") return;
    chartsIn(root).forEach(function (el) {
      var source = document.getElementById(el.dataset.chart);
      if (!source || echarts.getInstanceByDom(el)) return;
      var locale = document.documentElement.lang === "vi" ? "VI" : "EN";
      var chart = echarts.init(el, null, { locale: locale });
      chart.setOption(withCanvasTooltips(JSON.parse(source.textContent)));
    });
  }

  // htmx fires beforeCleanupElement on each removed element, so look at the target only.
  function disposeChart(event) {
    if (typeof echarts === "undefined" || !event.target.dataset) return;
    if (!event.target.dataset.chart) return;
    var chart = echarts.getInstanceByDom(event.target);
    if (chart) chart.dispose();
  }

  window.addEventListener("resize", function () {
    if (typeof echarts === "undefined") return;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = echarts.getInstanceByDom(el);
      if (chart) chart.resize();
    });
  });

  /* Failed htmx requests: show the text from #messages[data-error-text]. */
  function showRequestError() {
    var box = document.getElementById("messages");
    if (!box) return;
    var alert = document.createElement("div");
    alert.className = "alert alert-danger alert-dismissible";
    alert.setAttribute("role", "alert");
    alert.textContent = box.dataset.errorText || "Error";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", box.dataset.closeText || "Close");
    alert.appendChild(close);
    box.appendChild(alert);
  }

  if (typeof htmx !== "undefined") {
    htmx.onLoad(initCharts);
    document.body.addEventListener("htmx:beforeCleanupElement", disposeChart);
    document.body.addEventListener("htmx:responseError", showRequestError);
    document.body.addEventListener("htmx:sendError", showRequestError);
  } else {
    document.addEventListener("DOMContentLoaded", function () {
      initCharts(document);
    });
  }
})();
