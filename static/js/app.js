// Small page helpers; loaded from our own origin (CSP: script-src 'self').
document.addEventListener("DOMContentLoaded", () => {
  // On narrow screens the tab row scrolls sideways: bring the active tab into view.
  document.querySelectorAll(".nav-tabs .nav-link.active").forEach((tab) => {
    tab.scrollIntoView({ block: "nearest", inline: "center" });
  });
});
