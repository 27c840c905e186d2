// Draggable figures on the site (tools/sphinxext/draggable_figures.py loads this file, after
// the vendored JSXGraph, only on the pages that have one). The notebook wrote the figure's
// numbers (the matrix A, its eigenpairs, the first x) into a JSON script in the figure: this
// script draws x and A x from them, lets the reader drag x (mouse, touch, or the arrow keys on
// the focused point, or the two number fields) and says when A x lies on the line of x.
// Without JSXGraph (JupyterLab, Colab, no JavaScript) the static picture stays: an <img> of an
// SVG, with an alt text that describes it. The board's own description is in the JSON (the
// notebook's alt): this script puts it into a hidden paragraph that describes the live figure.
(function () {
  var STEP_DIGITS = 3;
  function fmt(v) { return (Math.abs(v) < 5e-4 ? 0 : v).toFixed(STEP_DIGITS); }
  function enhance(figure) {
    var data = JSON.parse(figure.querySelector("script.mathai-draggable-data").textContent);
    var name = figure.dataset.name, A = data.A, lim = data.lim, step = data.step;
    var snap = function (v) { return Math.round(v / step) * step; };
    var box = document.createElement("div");
    box.id = name + "-board";
    box.className = "mathai-draggable-board";
    var controls = document.createElement("div");
    controls.className = "mathai-draggable-control";
    var inputs = ["first", "second"].map(function (which, i) {
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "number";
      input.step = String(step);
      input.min = String(-lim);
      input.max = String(lim);
      input.id = name + "-x" + (i + 1);
      input.className = "mathai-draggable-x" + (i + 1);
      label.htmlFor = input.id;
      label.textContent = "x, " + which + " coordinate";
      controls.append(label, input);
      return input;
    });
    var eigenLabel = document.createElement("label");
    var eigenBox = document.createElement("input");
    eigenBox.type = "checkbox";
    eigenBox.className = "mathai-draggable-eigen";
    eigenLabel.append(eigenBox, " show the eigen-directions");
    controls.append(eigenLabel);
    var readout = document.createElement("output");
    readout.className = "mathai-draggable-readout";
    readout.setAttribute("aria-live", "polite");
    var description = document.createElement("p");
    description.id = name + "-description";
    description.hidden = true;
    description.textContent = data.description;
    var still = figure.querySelector(".mathai-draggable-static");
    still.hidden = true;
    still.before(box, controls, readout, description);
    figure.setAttribute("aria-describedby", description.id);
    // x moves within the notebook's lim; A x can be several times longer, so the board shows
    // twice that (the PNG fallback, a still picture, keeps lim).
    var view = 2 * lim;
    var board = JXG.JSXGraph.initBoard(box.id, {
      boundingbox: [-view, view, view, -view], keepAspectRatio: true, axis: true,
      showCopyright: false, showNavigation: false, pan: {enabled: false},
      zoom: {enabled: false, wheel: false}, resize: {enabled: true, throttle: 50},
      keyboard: {enabled: true, dx: step, dy: step, panShift: false, panCtrl: false},
      title: "Drag x and watch A x"});
    var t = [];
    for (var k = 0; k <= 180; k++) t.push(2 * Math.PI * k / 180);
    board.create("curve", [t.map(Math.cos), t.map(Math.sin)],
                 {strokeColor: "#999999", strokeWidth: 1, fixed: true, highlight: false});
    board.create("curve", [t.map(function (s) { return A[0][0] * Math.cos(s) + A[0][1] * Math.sin(s); }),
                           t.map(function (s) { return A[1][0] * Math.cos(s) + A[1][1] * Math.sin(s); })],
                 {strokeColor: "#999999", strokeWidth: 1, fixed: true, highlight: false});
    var eigenLines = data.eigenvectors.map(function (v) {
      return board.create("line", [[0, 0], v], {strokeColor: "#777777", dash: 2, strokeWidth: 1,
                                                 fixed: true, highlight: false, visible: false});
    });
    var x = board.create("point", data.x0, {
      name: "x", size: 6, fillColor: "#0072B2", strokeColor: "#0072B2", highlightFillColor: "#0072B2",
      snapToGrid: true, snapSizeX: step, snapSizeY: step, showInfobox: false,
      label: {fontSize: 16, strokeColor: "#0072B2", offset: [8, 8]},
      aria: {enabled: true, label: "the vector x: drag it, or press the arrow keys", live: "assertive"}});
    // JSXGraph puts aria-label on the point's <ellipse>, which has no role: axe calls that a
    // prohibited attribute. The point handles its own keys (arrows), so it is an application.
    if (x.rendNode) x.rendNode.setAttribute("role", "application");
    function image() { return [A[0][0] * x.X() + A[0][1] * x.Y(), A[1][0] * x.X() + A[1][1] * x.Y()]; }
    var ax = board.create("point", [function () { return image()[0]; }, function () { return image()[1]; }], {
      name: "Ax", size: 4, fixed: true, fillColor: "#D55E00", strokeColor: "#D55E00", showInfobox: false,
      label: {fontSize: 16, strokeColor: "#D55E00", offset: [8, 8]}});
    var lineX = board.create("line", [[0, 0], x], {strokeColor: "#0072B2", strokeWidth: 1, strokeOpacity: 0.35, fixed: true, highlight: false});
    var lineAx = board.create("line", [[0, 0], ax], {strokeColor: "#D55E00", strokeWidth: 1, strokeOpacity: 0.35, fixed: true, highlight: false});
    board.create("arrow", [[0, 0], ax], {strokeColor: "#D55E00", strokeWidth: 3, fixed: true, highlight: false});
    board.create("arrow", [[0, 0], x], {strokeColor: "#0072B2", strokeWidth: 3, fixed: true, highlight: false});
    function update() {
      var xv = [x.X(), x.Y()], av = image();
      var n = Math.hypot(xv[0], xv[1]);
      var text, parallel = false;
      if (n < 1e-9) {
        text = "x = (0, 0): move x away from the origin.";
      } else {
        var cross = xv[0] * av[1] - xv[1] * av[0];
        var turn = Math.atan2(cross, xv[0] * av[0] + xv[1] * av[1]) * 180 / Math.PI;
        var off = Math.min(Math.abs(turn), 180 - Math.abs(turn));
        var ratio = Math.hypot(av[0], av[1]) / n;
        // Parallel means A x = λ x exactly (the cross product is 0, up to rounding of the grid's
        // decimals); within the tolerance but not exactly, an eigen-direction is only close by.
        parallel = Math.abs(cross) <= 1e-9 * n * Math.hypot(av[0], av[1]);
        var shown = (Math.abs(turn) < 0.05 ? 0 : turn).toFixed(1).replace("-", "−");
        text = "x = (" + fmt(xv[0]) + ", " + fmt(xv[1]) + "), Ax = (" + fmt(av[0]) + ", " + fmt(av[1]) +
               "); Ax is turned by " + shown + "° from x. ";
        if (parallel) {
          var sign = Math.abs(turn) < 90 ? "" : "−";
          text += "Parallel: Ax = " + sign + ratio.toFixed(STEP_DIGITS) + " x, so x is an eigenvector with eigenvalue " +
                  sign + ratio.toFixed(STEP_DIGITS) + ".";
        } else if (off <= data.tolerance_deg) {
          text += "Almost parallel (within " + data.tolerance_deg + "°): |Ax| / |x| = " + ratio.toFixed(STEP_DIGITS) +
                  "; an eigen-direction is close by.";
        } else {
          text += "|Ax| / |x| = " + ratio.toFixed(STEP_DIGITS) + "; not parallel yet.";
        }
      }
      readout.textContent = text;
      figure.dataset.x = fmt(xv[0]) + "," + fmt(xv[1]);
      figure.dataset.ax = fmt(av[0]) + "," + fmt(av[1]);
      figure.dataset.parallel = String(parallel);
      inputs.forEach(function (input, i) {
        if (document.activeElement !== input) input.value = fmt(xv[i]).replace(/\.?0+$/, "") || "0";
      });
    }
    inputs.forEach(function (input, i) {
      input.addEventListener("input", function () {
        var v = Number(input.value);
        if (input.value === "" || !isFinite(v)) return;
        v = Math.max(-lim, Math.min(lim, snap(v)));
        x.moveTo(i === 0 ? [v, x.Y()] : [x.X(), v]);
        board.update();
      });
    });
    eigenBox.addEventListener("change", function () {
      eigenLines.forEach(function (l) { l.setAttribute({visible: eigenBox.checked}); });
    });
    board.on("update", update);
    update();
    // The point's SVG node is focusable (JSXGraph's keyboard option): Tab reaches it.
    figure.classList.add("mathai-draggable-ready");
  }
  function enhanceAll() {
    if (!window.JXG) return;  // JSXGraph failed to load: the static picture stays
    document.querySelectorAll("figure.mathai-draggable").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhanceAll);
  else enhanceAll();
})();
