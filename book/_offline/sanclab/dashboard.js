/*
 * sanclab: the book's dashboards without a kernel.
 *
 * Each .sanclab-dashboard-static block (written by sanclab.bookdash when the book is built)
 * holds labelled range sliders, a readout, a figure and, in a JSON script, the settings
 * for which the figure and readout were computed at build time. Moving a slider (pointer or
 * keyboard) shows the stored result of the stored setting nearest to the sliders (each
 * control's range scaled to 1, Euclidean distance, ties to the first stored: the rule of
 * sanclab.bookdash.nearest_frame), and the status line says so when that setting is not
 * exactly the one chosen. A figure is a separate PNG file, loaded when it is first shown; the
 * figure, readout and status change together once it has loaded, so the page never shows a
 * figure of one setting beside the numbers of another. Works from file:// (images only, no
 * fetch) and makes no request to another host.
 *
 * For tests and benchmarks the block carries data-state ("ready", "loading", "error"),
 * data-setting (JSON of the setting shown), data-exact, data-request (a counter of slider
 * moves), data-presented (the move whose result is shown) and data-swap-ms (time from the
 * slider move to its figure being decoded and shown).
 */
(function () {
  "use strict";

  function format(control, value) {
    var k = Math.round((value - control.min) / control.step);
    k = Math.max(0, Math.min(control.labels.length - 1, k));
    return control.labels[k];
  }

  function join(parts) {
    if (parts.length < 2) {
      return parts.join("");
    }
    return parts.slice(0, -1).join(", ") + " and " + parts[parts.length - 1];
  }

  function setup(root) {
    var script = root.querySelector("script.sanclab-sd-data");
    if (!script || root.getAttribute("data-state") !== "static") {
      return;
    }
    var data = JSON.parse(script.textContent);
    var controls = data.controls;
    var base = root.getAttribute("data-frames") || "";
    var inputs = controls.map(function (c) {
      return root.querySelector('input[type="range"][name="' + c.name + '"]');
    });
    var outputs = inputs.map(function (input) {
      return input.parentNode.querySelector("output");
    });
    var reset = root.querySelector(".sanclab-sd-reset");
    var status = root.querySelector(".sanclab-sd-status");
    var readout = root.querySelector(".sanclab-readout-text");
    var figure = root.querySelector(".sanclab-figure");
    var img = root.querySelector("img.sanclab-figure-img");
    var spans = controls.map(function (c) { return (c.max - c.min) || 1; });
    var shown = 0;
    var sequence = 0;

    function wanted() {
      return inputs.map(function (input) { return Number(input.value); });
    }

    function nearest(values) {
      var best = -1;
      var bestDistance = Infinity;
      for (var f = 0; f < data.settings.length; f++) {
        var setting = data.settings[f];
        var distance = 0;
        for (var i = 0; i < values.length; i++) {
          var d = (setting[i] - values[i]) / spans[i];
          distance += d * d;
        }
        if (distance < bestDistance - 1e-12) {
          best = f;
          bestDistance = distance;
        }
      }
      return best;
    }

    function differing(frame, values) {
      var setting = data.settings[frame];
      var out = [];
      for (var i = 0; i < controls.length; i++) {
        if (Math.abs(setting[i] - values[i]) > 1e-9 * spans[i]) {
          out.push(i);
        }
      }
      return out;
    }

    function describe(frame, values) {
      var off = differing(frame, values);
      if (!off.length) {
        return "Computed when the book was built, for exactly this setting.";
      }
      var setting = data.settings[frame];
      var showing = off.map(function (i) {
        return controls[i].symbol + " = " + format(controls[i], setting[i]);
      });
      var chosen = off.map(function (i) {
        var text = format(controls[i], values[i]);
        return off.length > 1 ? controls[i].symbol + " = " + text : text;
      });
      var what = off.length > 1 ? "the nearest precomputed values" : "the nearest precomputed value";
      return "Showing " + join(showing) + ", " + what + " (you chose " + join(chosen) + ").";
    }

    function showReadout(text) {
      readout.textContent = "";
      text.split("\n").forEach(function (line, i) {
        if (i) {
          readout.appendChild(document.createElement("br"));
        }
        readout.appendChild(document.createTextNode(line));
      });
    }

    function present(frame, values, started, token) {
      shown = frame;
      showReadout(data.readouts[data.readout[frame]]);
      var off = differing(frame, values);
      status.textContent = describe(frame, values);
      status.classList.toggle("sanclab-sd-snapped", off.length > 0);
      root.setAttribute("data-setting", JSON.stringify(data.settings[frame]));
      root.setAttribute("data-exact", off.length ? "false" : "true");
      root.setAttribute("data-presented", String(token || 0));
      root.setAttribute("data-state", "ready");
      figure.removeAttribute("aria-busy");
      if (started !== undefined) {
        root.setAttribute("data-swap-ms", (performance.now() - started).toFixed(1));
      }
    }

    function update() {
      var started = performance.now();
      var values = wanted();
      inputs.forEach(function (input, i) {
        var text = format(controls[i], values[i]);
        outputs[i].textContent = text;
        input.setAttribute("aria-valuetext", text);
      });
      var frame = nearest(values);
      var token = ++sequence;
      root.setAttribute("data-request", String(token));
      if (frame === shown) {
        present(frame, values, started, token);
        return;
      }
      var url = base + data.png[frame];
      root.setAttribute("data-state", "loading");
      figure.setAttribute("aria-busy", "true");
      var next = new Image();
      next.src = url;
      var loaded = next.decode ? next.decode() : new Promise(function (resolve, reject) {
        next.onload = resolve;
        next.onerror = reject;
      });
      loaded.then(function () {
        if (token !== sequence) {
          return;
        }
        img.src = url;
        present(frame, values, started, token);
      }, function () {
        if (token !== sequence) {
          return;
        }
        var setting = data.settings[shown];
        var current = controls.map(function (c, i) {
          return c.symbol + " = " + format(c, setting[i]);
        });
        status.textContent = "The figure for this setting could not be loaded; the figure " +
          "and numbers shown are still those for " + join(current) + ".";
        status.classList.add("sanclab-sd-snapped");
        root.setAttribute("data-presented", String(token));
        root.setAttribute("data-state", "error");
        figure.removeAttribute("aria-busy");
      });
    }

    inputs.forEach(function (input) {
      input.addEventListener("input", update);
      input.disabled = false;
    });
    reset.addEventListener("click", function () {
      inputs.forEach(function (input, i) { input.value = String(controls[i].value); });
      update();
    });
    reset.disabled = false;
    // the page shows the initial setting (stored first); sliders the browser restored to
    // other values (back navigation) get their own figure at once
    update();
  }

  function setupAll() {
    document.querySelectorAll(".sanclab-dashboard-static").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
