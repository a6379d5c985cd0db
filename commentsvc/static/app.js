// Small progressive enhancements; every page works without JavaScript.
// Listeners sit on the document, so forms put in place later (a clause section saved by comments.js) behave the same.
document.addEventListener("submit", (event) => {
  const form = event.target;
  // Ask before destructive actions marked with data-confirm.
  if (form.matches("form[data-confirm]") && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  // One submission per click: disable submit buttons once a form is sent (the server also deduplicates).
  if (form.matches("form[data-once]")) {
    setTimeout(() => {
      if (!event.defaultPrevented) {
        form.querySelectorAll("button[type=submit], input[type=submit]").forEach((b) => { b.disabled = true; });
      }
    });
  }
}, true);

// Panels open on a wide screen (the reading page's outline) start closed on a phone, where they would push the page
// down; they stay open without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  if (window.matchMedia("(max-width: 900px)").matches) {
    document.querySelectorAll("details[data-close-narrow]").forEach((details) => { details.open = false; });
  }
});
