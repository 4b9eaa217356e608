/* Chỉ thị — the little behaviour the layout needs (templates/base.html).
 *
 * - The phone menu: a real <button aria-expanded aria-controls> opens and closes the main menu
 *   (Escape closes it and gives focus back to the button). Without JavaScript the ☰ link opens the
 *   menu through #mainnav (:target) instead; at desktop width the menu is always shown.
 * - The footer's language switch sends itself when a language is picked (its button is for those
 *   without JavaScript).
 * - "Quay lại" buttons ([data-history-back]) go back one page.
 * - A form sent back with errors: a banner at the top of the page says so and links to the first
 *   error (on a phone it may be far below), and that field gets the focus.
 * No inline code or style attributes anywhere: the Content-Security-Policy allows scripts and
 * styles from this site's static files only.
 */
(function () {
  "use strict";

  function setUpMenu() {
    var button = document.querySelector("[data-nav-toggle]");
    var nav = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!nav) {
      return;
    }
    var fallback = document.querySelector("[data-nav-fallback]");

    function isOpen() {
      return button.getAttribute("aria-expanded") === "true";
    }

    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("open", open);
    }

    // Opened through the no-JavaScript link before this script ran: keep it open, drop the #mainnav
    // (or :target would keep it shown after the button closes it).
    var openedByLink = window.location.hash === "#" + nav.id;
    if (openedByLink && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
    }
    if (fallback) {
      fallback.hidden = true;
    }
    button.hidden = false;
    setOpen(openedByLink);

    button.addEventListener("click", function () {
      setOpen(!isOpen());
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && isOpen()) {
        setOpen(false);
        button.focus();
      }
    });
  }

  function setUpLanguageSwitch() {
    var form = document.querySelector("[data-language-switch]");
    if (!form) {
      return;
    }
    var select = form.querySelector("select");
    var submit = form.querySelector("[data-language-submit]");
    if (submit) {
      submit.hidden = true;
    }
    select.addEventListener("change", function () {
      form.submit();
    });
  }

  function setUpBackButtons() {
    var buttons = document.querySelectorAll("[data-history-back]");
    Array.prototype.forEach.call(buttons, function (button) {
      if (window.history.length < 2) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        window.history.back();
      });
    });
  }

  function pointToFirstError() {
    var main = document.getElementById("main");
    var first = main && main.querySelector("form .field-error, form .error[role=alert]");
    if (!first || !main.dataset.errorBanner) {
      return;
    }
    if (!first.id) {
      first.id = "first-error";
    }
    var banner = document.createElement("p");
    banner.className = "error error-banner";
    banner.setAttribute("role", "alert");
    var link = document.createElement("a");
    link.href = "#" + first.id;
    link.textContent = main.dataset.errorBanner;
    banner.appendChild(link);
    main.insertBefore(banner, main.firstChild);
    var field = first.closest(".field, fieldset, form");
    var input = field && field.querySelector("input:not([type=hidden]), textarea, select");
    if (!window.location.hash) {
      (field || first).scrollIntoView({ block: "center" });
      if (input) {
        input.focus({ preventScroll: true });
      }
    }
  }

  // "In" buttons: shown only where JavaScript runs (the print stylesheet does the rest).
  function setUpPrintButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  function start() {
    pointToFirstError();
    setUpPrintButtons();
    setUpMenu();
    setUpLanguageSwitch();
    setUpBackButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
