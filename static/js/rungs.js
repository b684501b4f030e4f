// Rungs: small enhancements on top of pages that work without JavaScript.
// - Keyboard: digits pick options, g/u/f/c pick a confidence, Enter submits, N goes to the next question.
// - A mock interview's countdown, which sends the candidate to the summary when time is up.
// - Focus follows htmx swaps, so keyboard and screen-reader users land on the feedback or the new question.
(function () {
  "use strict";

  function typingIn(element) {
    return element && (element.tagName === "TEXTAREA" || element.tagName === "SELECT" ||
      (element.tagName === "INPUT" && !["radio", "checkbox", "submit", "button"].includes(element.type)));
  }

  function activeForm() {
    return document.querySelector("#question-card form.answer-form, #question-card form.grade-form");
  }

  function pick(selector) {
    const input = document.querySelector(selector);
    if (!input) return false;
    input.click();
    input.focus();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    const form = activeForm();
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && form && typingIn(event.target)) {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return;
    const key = event.key.toLowerCase();
    if (form && /^[1-9]$/.test(key)) {
      if (pick(`#question-card form [data-key="${key}"]`)) event.preventDefault();
    } else if (form && "gufc".includes(key) && key.length === 1) {
      if (pick(`#question-card form [data-confidence-key="${key}"]`)) event.preventDefault();
    } else if (key === "enter" && form && !["BUTTON", "A", "SUMMARY"].includes(event.target.tagName)) {
      event.preventDefault();
      form.requestSubmit();
    } else if (key === "n") {
      const next = document.querySelector("#question-card [data-next]");
      if (next) {
        event.preventDefault();
        next.click();
      }
    }
  });

  // After a swap, put focus where the candidate's attention should go.
  document.addEventListener("htmx:afterSettle", function () {
    const target = document.querySelector("#feedback") || document.querySelector("#question-card form .errorlist")
      || document.querySelector("#question-card");
    if (target) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: false });
    }
    startCountdown();
  });

  let timer = null;
  function startCountdown() {
    const clock = document.querySelector(".countdown[data-remaining]");
    if (timer) clearInterval(timer);
    if (!clock) return;
    // Count down from what the server says is left, so a wrong clock on this device does not matter.
    const deadline = Date.now() + Number(clock.dataset.remaining) * 1000;
    const output = clock.querySelector("time");
    function tick() {
      const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      const minutes = Math.floor(left / 60);
      const seconds = String(left % 60).padStart(2, "0");
      output.textContent = `${minutes}:${seconds}`;
      output.setAttribute("datetime", `PT${minutes}M${seconds}S`);
      clock.classList.toggle("countdown-low", left < 60);
      if (left === 0) {
        clearInterval(timer);
        window.location.assign(clock.dataset.expiredUrl);
      }
    }
    tick();
    timer = setInterval(tick, 1000);
  }
  document.addEventListener("DOMContentLoaded", startCountdown);
})();
