// Saving a comment without reloading the page (progressive enhancement: the plain forms work without this).
// The form is posted with fetch and the header X-Requested-With: comments.js; the server answers with the clause's
// section alone (saved, or refused with the reason and the typed text kept), which replaces the one on the page so the
// reader keeps their place. Any other answer (an edit conflict, an expired session, a network failure) falls back to
// the ordinary submission, which explains itself on a full page.
document.addEventListener("DOMContentLoaded", () => {
  const sectionFrom = (html, id) => {
    const template = document.createElement("template");
    template.innerHTML = html;
    const fresh = template.content.querySelector("section.clause");
    return fresh && fresh.id === id ? fresh : null;
  };
  const bind = (root) => {
    root.querySelectorAll("form.js-comment").forEach((form) => {
      form.addEventListener("submit", async (event) => {
        const section = form.closest("section.clause");
        if (event.defaultPrevented || !section || !window.fetch) return;
        event.preventDefault();
        section.classList.add("saving");
        try {
          const response = await fetch(form.action, {
            method: "POST",
            body: new FormData(form),
            credentials: "same-origin",
            headers: { "X-Requested-With": "comments.js" },
          });
          const fresh = sectionFrom(await response.text(), section.id);
          if (fresh) {
            section.replaceWith(fresh);
            bind(fresh);
            const message = fresh.querySelector("[role=status], [role=alert]");
            if (message) {
              message.tabIndex = -1;
              message.focus();
            }
            return;
          }
        } catch (error) {
          // network trouble: fall through to the ordinary submission
        }
        section.classList.remove("saving");
        HTMLFormElement.prototype.submit.call(form);
      });
    });
  };
  bind(document);
});
