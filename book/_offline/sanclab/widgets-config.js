/*
 * sanclab: let the ipywidgets HTML manager run from this site's _static/ folder, offline.
 *
 * Loaded on pages with stored widget state, after require.js and before embed-amd.js
 * (see nb_ipywidgets_js in book/_config.yml).
 *
 * 1. RequireJS gives the modules bundled in embed-amd.js a URL next to the *page*, and the
 *    bundle looks for its icon fonts beside that URL; point them at _static/widgets/.
 * 2. embed-amd.js falls back to a CDN for widget modules it does not bundle; the last
 *    script tag with data-jupyter-widgets-cdn wins, so name a local folder here (a module
 *    missing there fails locally instead of being fetched from another host).
 * 3. ipywidgets 8 typesets labels with the MathJax 2 API (MathJax.Hub.Queue); the book
 *    loads MathJax 3, so forward those calls to MathJax.typesetPromise.
 * 4. ipywidgets 8 sliders (noUiSlider) have a role="slider" handle without an accessible
 *    name; give each handle the text of its slider's visible label.
 */
(function () {
  "use strict";
  var me = document.currentScript;
  var staticBase = me.src.replace(/sanclab\/widgets-config\.js(\?.*)?$/, "");
  var widgets = staticBase + "widgets/";

  var names = [
    "@jupyter-widgets/base",
    "@jupyter-widgets/base7",
    "@jupyter-widgets/controls",
    "@jupyter-widgets/controls7",
    "@jupyter-widgets/html-manager",
    "@jupyter-widgets/html-manager/dist/libembed-amd"
  ];
  var paths = {};
  names.forEach(function (name) {
    paths[name] = widgets + name.split("/").pop();
  });
  window.require.config({ paths: paths });

  me.setAttribute("data-jupyter-widgets-cdn", widgets + "no-cdn/");

  function shimMathJax2() {
    var mj = window.MathJax;
    if (!mj || !mj.version || mj.Hub) {
      return; // no MathJax 3 on this page (yet), or already shimmed
    }
    mj.Hub = {
      Queue: function () {
        Array.prototype.forEach.call(arguments, function (job) {
          if (typeof job === "function") {
            job();
          } else if (Array.isArray(job) && job[0] === "Typeset" && job[2]) {
            var typeset = function () {
              if (typeof mj.typesetPromise === "function") {
                mj.typesetPromise([job[2]]).catch(function () {});
              }
            };
            if (mj.startup && mj.startup.promise) {
              mj.startup.promise.then(typeset);
            } else {
              typeset();
            }
          }
        });
      }
    };
  }
  window.addEventListener("DOMContentLoaded", shimMathJax2);
  window.addEventListener("load", shimMathJax2);

  function nameSliders() {
    document.querySelectorAll(".widget-slider").forEach(function (slider) {
      var label = slider.querySelector(".widget-label");
      var text = label ? label.textContent.replace(/\s+/g, " ").trim() : "";
      if (!text) {
        return;
      }
      slider.querySelectorAll('[role="slider"]').forEach(function (handle) {
        if (!handle.hasAttribute("aria-label") && !handle.hasAttribute("aria-labelledby")) {
          handle.setAttribute("aria-label", text);
        }
      });
    });
  }
  var pending = false;
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        nameSliders();
      });
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
