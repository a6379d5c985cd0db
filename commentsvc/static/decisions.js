// The dispositions page without a reload per group (progressive enhancement: the plain forms work without this).
// A group's answer is posted with fetch and the header X-Requested-With: decisions.js; the server answers with that
// group alone, which replaces the one on the page, so the team keeps its place among hundreds of groups. Anything
// else than the group back (a refusal page, the network down) falls back to the ordinary submission, which shows
// the reason on its own page.
// The progress line counts decided groups and their comments; a group saved in place moves it by its own change.
function followProgress(before, after) {
  const decided = (data) => Number(data.counted === "1" && data.decided === "1");
  const step = decided(after) - decided(before);
  if (!step) return;
  const move = (name, amount) => {
    const count = document.querySelector(`[data-progress=${name}]`);
    const bar = document.getElementById(name === "groups" ? "progress" : "progress-comments");
    if (!count) return;
    const value = parseInt(count.textContent, 10) + amount;
    count.textContent = count.textContent.replace(/^\d+/, String(value));
    if (bar) {
      bar.value = value;
      bar.textContent = `${value} / ${bar.max}`;
    }
  };
  move("groups", step);
  move("comments", step * Number(after.comments || 0));
}

document.addEventListener("DOMContentLoaded", () => {
  const pickAll = document.querySelector(".js-pick-all");
  if (pickAll) {
    pickAll.hidden = false;
    pickAll.addEventListener("click", () => {
      document.querySelectorAll("input[name=disposition_id][form=bulk]").forEach((box) => { box.checked = true; });
    });
  }
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.matches("form.js-decide") || event.defaultPrevented || !window.fetch) return;
    const article = form.closest("article.disposition");
    if (!article) return;
    event.preventDefault();
    article.classList.add("saving");
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-Requested-With": "decisions.js" },
      });
      const template = document.createElement("template");
      template.innerHTML = await response.text();
      const fresh = response.ok ? template.content.querySelector("article.disposition") : null;
      if (fresh && fresh.id === article.id) {
        const picked = article.querySelector("input[name=disposition_id]");
        const box = fresh.querySelector("input[name=disposition_id]");
        if (picked && box) box.checked = picked.checked;
        article.replaceWith(fresh);
        followProgress(article.dataset, fresh.dataset);
        const message = fresh.querySelector("[role=status]");
        if (message) {
          message.tabIndex = -1;
          message.focus();
        }
        return;
      }
    } catch (error) {
      // the ordinary submission below tells what went wrong
    }
    HTMLFormElement.prototype.submit.call(form);
  });
});
