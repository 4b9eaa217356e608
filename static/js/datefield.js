/* Chỉ thị — a calendar button beside each day box (units.formfields.DateTextInput).
 *
 * The box is a plain text input: people type dd/mm/yyyy and the server reads it, whatever the
 * browser's language. This script only adds, beside each `input[data-datefield]`, a button that
 * opens the browser's own calendar on a hidden <input type="date"> (showPicker) and writes the
 * picked day back into the box as dd/mm/yyyy; opening it starts from the day already typed.
 * Without JavaScript, or in a browser with no showPicker, the box is simply typed in.
 * No inline code or style attributes (Content-Security-Policy); docs/architecture.md §9.
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function exists(y, m, d) {
    var day = new Date(Date.UTC(y, m - 1, d));
    return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
  }

  /* The typed day as yyyy-mm-dd (what <input type=date> holds), or "" — the same forms the server
   * reads: d/m/yyyy with / . - or a space between, ddmmyyyy, yyyy-mm-dd. */
  function toIso(text) {
    var s = (text || "").trim(), m, y, mo, d;
    if ((m = /^(\d{1,2})\s*[\/.\-\s]\s*(\d{1,2})\s*[\/.\-\s]\s*(\d{4})$/.exec(s)) ||
        (m = /^(\d{2})(\d{2})(\d{4})$/.exec(s))) {
      d = +m[1]; mo = +m[2]; y = +m[3];
    } else if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) {
      y = +m[1]; mo = +m[2]; d = +m[3];
    } else {
      return "";
    }
    return exists(y, mo, d) ? y + "-" + pad(mo) + "-" + pad(d) : "";
  }

  function fromIso(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : "";
  }

  function icon() {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "20");
    svg.setAttribute("height", "20");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var parts = [
      ["rect", { x: "3", y: "5", width: "18", height: "16", rx: "2", fill: "none", stroke: "currentColor", "stroke-width": "2" }],
      ["path", { d: "M3 10h18M8 3v4M16 3v4", fill: "none", stroke: "currentColor", "stroke-width": "2", "stroke-linecap": "round" }],
      ["rect", { x: "7", y: "13", width: "4", height: "4", fill: "currentColor" }]
    ];
    parts.forEach(function (part) {
      var el = document.createElementNS(SVG, part[0]);
      Object.keys(part[1]).forEach(function (name) { el.setAttribute(name, part[1][name]); });
      svg.appendChild(el);
    });
    return svg;
  }

  function enhance(box) {
    if (box.hasAttribute("data-datefield-ready") || box.disabled || box.readOnly) return;
    var native = document.createElement("input");
    native.type = "date";
    if (native.type !== "date" || typeof native.showPicker !== "function") return;
    box.setAttribute("data-datefield-ready", "");

    var wrap = document.createElement("span");
    wrap.className = "datefield";
    box.parentNode.insertBefore(wrap, box);
    wrap.appendChild(box);

    // The helper the browser draws its calendar from: never seen, never reached with Tab, never
    // sent (no name). Hidden through the CSS object model, which a CSP allows.
    native.tabIndex = -1;
    native.setAttribute("aria-hidden", "true");
    native.className = "datefield-native";
    native.style.position = "absolute";
    native.style.left = "0";
    native.style.bottom = "0";
    native.style.width = "1px";
    native.style.height = "1px";
    native.style.opacity = "0";
    native.style.pointerEvents = "none";
    native.style.border = "0";
    native.style.padding = "0";
    wrap.style.position = "relative";
    wrap.appendChild(native);

    var label = box.getAttribute("data-picker-label") || "Chọn ngày";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "datefield-button";
    button.title = label;
    button.setAttribute("aria-label", label);
    if (box.id) button.setAttribute("aria-controls", box.id);
    button.appendChild(icon());
    wrap.appendChild(button);

    button.addEventListener("click", function () {
      native.value = toIso(box.value);
      try {
        native.showPicker();
      } catch (error) {
        box.focus(); // No picker here (e.g. a sandboxed frame): typing still works.
      }
    });
    native.addEventListener("change", function () {
      var shown = fromIso(native.value);
      if (!shown) return;
      box.value = shown;
      box.dispatchEvent(new Event("input", { bubbles: true }));
      box.dispatchEvent(new Event("change", { bubbles: true }));
      // Back to the button, not the box: on a phone, focusing the box would open the keyboard.
      button.focus();
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-datefield]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
