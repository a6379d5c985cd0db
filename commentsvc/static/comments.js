// Saving a comment without reloading the page (progressive enhancement: the plain forms work without this).
// The form is posted with fetch; the server answers as for a browser (redirect to the page), and the clause's section
// is replaced by the one in the new page, so the reader keeps their place. A refusal (a conflict, the deadline, an
// expired session) changed nothing on the server, so it falls back to the ordinary submission, which explains it.
document.addEventListener("DOMContentLoaded", () => {
  const replaceFrom = (html, section) => {
    const page = new DOMParser().parseFromString(html, "text/html");
    const fresh = page.getElementById(section.id);
    if (!fresh) return false;
    section.replaceWith(fresh);
    const flashes = page.querySelector(".flashes");
    const old = document.querySelector(".flashes");
    if (old) old.remove();
    if (flashes) document.getElementById("main").prepend(flashes);
    bind(fresh);
    return true;
  };
  const bind = (root) => {
    root.querySelectorAll("form.js-comment").forEach((form) => {
      form.addEventListener("submit", async (event) => {
        const section = form.closest("section.clause");
        if (!section || !window.fetch) return;
        event.preventDefault();
        section.classList.add("saving");
        try {
          const response = await fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" });
          if (response.ok && response.redirected) {
            // Saved: never post twice. Show the new section, or the whole page if it cannot be found.
            if (!replaceFrom(await response.text(), section)) window.location.assign(response.url);
            return;
          }
        } catch (error) {
          // network trouble: fall through to the ordinary submission
        }
        // Refused (conflict, deadline, session): nothing was saved, so the ordinary post shows the explanation.
        section.classList.remove("saving");
        HTMLFormElement.prototype.submit.call(form);
      });
    });
  };
  bind(document);
});
