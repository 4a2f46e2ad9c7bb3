// Small page helpers; loaded from our own origin (CSP: script-src 'self').
document.addEventListener("DOMContentLoaded", () => {
  // On narrow screens the tab row scrolls sideways: bring the active tab into view.
  document.querySelectorAll(".nav-tabs .nav-link.active").forEach((tab) => {
    tab.scrollIntoView({ block: "nearest", inline: "center" });
  });
});

// Reports page: a quarter button fills the period fields.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-quarter-start]");
  if (!button) return;
  const form = button.closest("form");
  form.querySelector("[name=start]").value = button.dataset.quarterStart;
  form.querySelector("[name=end]").value = button.dataset.quarterEnd;
});
