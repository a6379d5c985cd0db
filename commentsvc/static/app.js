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

// The recipient picker: a search box that hides agencies not matching (with or without diacritics), and "chọn cả
// nhóm" ticking the group's agencies but the drafting ministry. Without JavaScript the group box is sent as is and the
// server adds the group (the drafting ministry left out there too).
document.addEventListener("DOMContentLoaded", () => {
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  document.querySelectorAll("form.picker").forEach((picker) => {
    const search = picker.querySelector(".js-picker-search");
    if (search) {
      search.closest(".js-only").hidden = false;
      search.addEventListener("input", () => {
        const wanted = fold(search.value.trim());
        picker.querySelectorAll(".picker-list li").forEach((item) => {
          item.hidden = wanted !== "" && !fold(item.textContent).includes(wanted);
        });
      });
    }
    picker.querySelectorAll(".js-whole-group").forEach((whole) => {
      whole.addEventListener("change", () => {
        whole.closest(".picker-group").querySelectorAll("input[name=agency_ids]:not([data-drafting])").forEach((box) => {
          box.checked = whole.checked;
        });
      });
    });
  });
});
