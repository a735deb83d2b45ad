/* wijkcoop: what the widgets do not say to a screen reader or a keyboard by themselves (WCAG 2.1 AA).
   - The page's language follows the app's language switch (<html lang="nl"> or "en").
   - A chart's image gets its text alternative (alt) from the hidden `.chart-alt` beside it.
   - Every row of buttons with one choice (the 1–5 answers, the language switch) is a radio group:
     named by its statement (the nearest `.statement` before it), the chosen button checked, one tab stop,
     the arrow keys (and Home/End) move the choice, the meaning of each answer read out with it.
   - Typing in a paper form (`.paper-entry`): each answer box takes one character (1–5, 0) and moves on
     to the next box by itself; Enter moves on from any box; after the last answer, to the send button.
   - Focus is not lost when a step changes: after a click that moves to another screen (the button gone,
     or the participant's next learning goal), focus goes to where the new screen starts.
   Widgets are drawn and redrawn at any time, so a MutationObserver applies this to whatever appears. */
(function () {
  "use strict";
  var pending = false;
  var counter = 0;
  var clicked = null; // the last button clicked, the app it is in, and the step shown at that moment

  function progressText() {
    var progress = document.querySelector(".goal-progress");
    return progress ? progress.textContent : "";
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button");
    if (!button || button.closest(".widget-toggle-buttons")) return;
    clicked = { button: button, root: button.closest("[class*='wijkcoop-']") || document.body,
                progress: progressText(), at: Date.now() };
  }, true);

  function visible(el) { return el.isConnected && el.offsetParent !== null; }

  function startOfScreen(root) {
    var order = [".goal-progress", ".step-heading", "h3", "h4", "input, select, textarea"];
    for (var i = 0; i < order.length; i++) {
      var found = Array.prototype.filter.call(root.querySelectorAll(order[i]), visible);
      if (found.length) return found[0];
    }
    return null;
  }

  function focusOn(target) {
    if (!target.matches("input, select, textarea") && !target.hasAttribute("tabindex")) target.tabIndex = -1;
    target.focus();
  }

  // The element focus was put on can be redrawn a moment later (the server's updates of one step change
  // may arrive over several frames): focus then falls to the body, and goes back to the screen's top.
  var placed = null;
  function keepPlaced() {
    if (!placed) return;
    if (Date.now() > placed.until) { placed = null; return; }
    var active = document.activeElement;
    if (placed.el.isConnected || (active && active !== document.body)) return;
    var again = startOfScreen(placed.root.isConnected ? placed.root : document.body);
    if (again) { focusOn(again); placed.el = again; }
  }

  function keepFocus() {
    keepPlaced();
    if (!clicked) return;
    if (Date.now() - clicked.at > 15000) { clicked = null; return; } // that click changed no screen
    var moved = clicked.progress !== progressText();
    var gone = !visible(clicked.button);
    if (!moved && !gone) return;
    var lost = !document.activeElement || document.activeElement === document.body || gone;
    var root = clicked.root;
    clicked = null;
    if (!lost && !moved) return;
    var target = startOfScreen(root.isConnected ? root : document.body);
    if (!target) return;
    focusOn(target);
    placed = { el: target, root: root, until: Date.now() + 5000 };
  }

  function before(group, css) {
    var node = group;
    for (var depth = 0; depth < 6 && node && node !== document.body; depth++) {
      var sibling = node.previousElementSibling;
      while (sibling) {
        if (sibling.matches(css)) return sibling;
        var inner = sibling.querySelectorAll(css);
        if (inner.length) return inner[inner.length - 1];
        sibling = sibling.previousElementSibling;
      }
      node = node.parentElement;
    }
    return null;
  }

  function radioGroup(group) {
    var buttons = Array.prototype.slice.call(group.querySelectorAll("button"));
    if (!buttons.length) return;
    group.setAttribute("role", "radiogroup");
    if (group.classList.contains("language-switch")) {
      if (!group.hasAttribute("aria-label")) group.setAttribute("aria-label", "Taal · Language");
    } else if (!group.hasAttribute("aria-labelledby") && !group.hasAttribute("aria-label")) {
      var label = group.querySelector(".widget-label");
      var statement = label && label.textContent.trim() ? label : before(group, ".statement");
      var context = statement && statement !== label ? before(statement, ".statement-context") : null;
      var ids = [];
      [context, statement].forEach(function (el) {
        if (!el) return;
        if (!el.id) el.id = "wijkcoop-label-" + ++counter;
        ids.push(el.id);
      });
      if (ids.length) group.setAttribute("aria-labelledby", ids.join(" "));
    }
    var active = -1;
    buttons.forEach(function (b, i) { if (b.classList.contains("mod-active")) active = i; });
    buttons.forEach(function (b, i) {
      var on = i === active;
      if (b.getAttribute("role") !== "radio") b.setAttribute("role", "radio");
      if (b.getAttribute("aria-checked") !== String(on)) b.setAttribute("aria-checked", String(on));
      var stop = active === -1 ? i === 0 : on;
      if (b.tabIndex !== (stop ? 0 : -1)) b.tabIndex = stop ? 0 : -1;
      var meaning = b.getAttribute("title");
      var name = meaning && meaning !== b.textContent.trim() ? b.textContent.trim() + ": " + meaning : "";
      if (name && b.getAttribute("aria-label") !== name) b.setAttribute("aria-label", name);
      if (!b.dataset.wijkcoopKeys) {
        b.dataset.wijkcoopKeys = "1";
        b.addEventListener("keydown", function (event) {
          var all = Array.prototype.slice.call(group.querySelectorAll("button"));
          var at = all.indexOf(b);
          var to = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1,
                     Home: 0, End: all.length - 1 }[event.key];
          if (to === undefined) return;
          event.preventDefault();
          var next = all[(to + all.length) % all.length];
          next.focus();
          next.click();
        });
      }
    });
  }

  function paperEntry() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll(".paper-entry .paper-answer input"));
    var fields = Array.prototype.slice.call(document.querySelectorAll(".paper-entry input"));
    boxes.forEach(function (input) {
      if (input.dataset.wijkcoopPaper) return;
      input.dataset.wijkcoopPaper = "1";
      input.maxLength = 1;
      input.inputMode = "numeric";
      input.autocomplete = "off";
      // A box that holds an answer (a correction, a resumed draft) takes the new digit in its place.
      input.addEventListener("focus", function () { input.select(); });
      input.addEventListener("input", function () {
        if (!/^[0-5]$/.test(input.value)) return;
        var all = Array.prototype.slice.call(document.querySelectorAll(".paper-entry .paper-answer input"));
        var next = all[all.indexOf(input) + 1];
        if (next) { next.focus(); next.select(); }
        else {
          var send = document.querySelector(".paper-entry .paper-save");
          if (send) send.focus();
        }
      });
    });
    fields.forEach(function (input) {
      if (input.dataset.wijkcoopEnter) return;
      input.dataset.wijkcoopEnter = "1";
      input.addEventListener("keydown", function (event) {
        if (event.key !== "Enter") return;
        event.preventDefault();
        var all = Array.prototype.slice.call(document.querySelectorAll(".paper-entry input"));
        var next = all[all.indexOf(input) + 1];
        if (next) next.focus();
      });
    });
  }

  function apply() {
    pending = false;
    keepFocus();
    paperEntry();
    var language = document.querySelector(".language-switch button.mod-active");
    if (language) {
      var lang = language.textContent.trim() === "English" ? "en" : "nl";
      if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
      document.querySelectorAll(".language-switch button").forEach(function (b) {
        b.setAttribute("lang", b.textContent.trim() === "English" ? "en" : "nl");
      });
    }
    document.querySelectorAll(".widget-toggle-buttons").forEach(radioGroup);
    // A chart's text alternative comes with it in a hidden `.chart-alt`: it becomes the image's alt.
    document.querySelectorAll(".chart").forEach(function (chart) {
      var img = chart.querySelector("img");
      var holder = chart.querySelector(".chart-alt");
      if (!img || !holder) return;
      var alt = holder.textContent.trim();
      if (img.getAttribute("alt") !== alt) img.setAttribute("alt", alt);
    });
  }

  // On the next frame; a page in the background gets no frames (a second window, a phone with another
  // app in front), so a timer does it there: whichever comes first, once.
  function later() {
    if (pending) return;
    pending = true;
    var run = function () { if (pending) apply(); };
    window.requestAnimationFrame(run);
    window.setTimeout(run, 250);
  }

  new MutationObserver(later).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["class", "title", "src"]
  });
  document.addEventListener("DOMContentLoaded", later);
})();
