// Interactive figures on the site (tools/sphinxext/interactive_figures.py loads this file, after
// plotly.min.js, on the pages that have one). Plotly's own slider cannot be reached from the
// keyboard, so each figure's slider is replaced by a labelled native <input type="range">: the
// arrow keys, Home/End and a mouse move it, and step k applies exactly the update that the
// notebook precomputed for Plotly's step k (Plotly.update with the step's own arguments).
(function () {
  function enhance(figure, index) {
    var gd = figure.querySelector(".plotly-graph-div");
    if (!gd || !gd.layout || !gd.layout.sliders || !gd.layout.sliders.length) return;
    var slider = gd.layout.sliders[0];
    var steps = slider.steps;
    var prefix = (slider.currentvalue && slider.currentvalue.prefix) || "";
    var id = "mathai-slider-" + (figure.dataset.name || index);
    var box = document.createElement("div");
    box.className = "mathai-interactive-control";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = prefix.replace(/[=:\s]+$/, "");
    var input = document.createElement("input");
    input.type = "range";
    input.id = id;
    input.min = 0;
    input.max = steps.length - 1;
    input.step = 1;
    input.value = slider.active || 0;
    var shown = document.createElement("output");
    shown.htmlFor = id;
    function show(k) {
      shown.textContent = steps[k].label;
      input.setAttribute("aria-valuetext", prefix + steps[k].label);
    }
    input.addEventListener("input", function () {
      var k = Number(input.value), args = steps[k].args;
      Plotly.update(gd, args[0], args[1], args[2]);
      figure.dataset.state = String(k);
      show(k);
    });
    show(Number(input.value));
    figure.dataset.state = input.value;
    box.append(label, input, shown);
    var desc = document.getElementById(figure.getAttribute("aria-describedby"));
    (desc || gd.parentNode).before(box);
    Plotly.relayout(gd, {"sliders[0].visible": false});
    // On a phone Plotly's default side margins (80 px each) would leave the plot half the
    // figure's width: below 600 px the margins shrink to what the tick labels need.
    var margin = gd.layout.margin || {};
    var wide = {"margin.l": margin.l === undefined ? null : margin.l,
                "margin.r": margin.r === undefined ? null : margin.r};
    var narrow = {"margin.l": Math.min(margin.l === undefined ? 80 : margin.l, 45),
                  "margin.r": Math.min(margin.r === undefined ? 80 : margin.r, 15)};
    var isNarrow = null;
    function fit() {
      var n = gd.clientWidth < 600;
      if (n !== isNarrow) {
        isNarrow = n;
        Plotly.relayout(gd, n ? narrow : wide);
      }
    }
    fit();
    // Plotly's own "responsive" resize measures the page once, on the window's resize event,
    // which may come while the theme is still animating its sidebars: follow the figure's width.
    if (window.ResizeObserver) {
      var width = 0;
      new ResizeObserver(function (entries) {
        var w = Math.round(entries[0].contentRect.width);
        if (w !== width) {
          width = w;
          window.requestAnimationFrame(function () { Plotly.Plots.resize(gd).then(fit); });
        }
      }).observe(figure);
    }
    figure.classList.add("mathai-interactive-ready");
  }
  function enhanceAll() {
    if (!window.Plotly) return;  // plotly.min.js failed to load: the static fallback stays
    document.querySelectorAll("figure.mathai-interactive").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhanceAll);
  else enhanceAll();
})();
