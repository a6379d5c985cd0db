// The agency's reading page (progressive enhancement: the plain links and forms work without this).
//
// "Góp ý": the page carries ONE new-comment form (#comment-form). Following a clause's "Góp ý" link moves that form
// under the clause, names the clause in it and puts the cursor in the text; without JavaScript the link reloads the
// page with the form open at that clause.
//
// Saving: the form is posted with fetch and the header X-Requested-With: comments.js; the server answers with the
// clause's section alone (saved, or refused with the reason and the typed text kept), which replaces the one on the
// page so the reader keeps their place. An edit conflict (409) falls back to the ordinary submission, whose page shows
// both texts. Anything else (an expired session, the network down) leaves the form as it is, text included, with a
// message: submitting it the ordinary way would only lose the text on an error page.
document.addEventListener("DOMContentLoaded", () => {
  const sectionFrom = (html, id) => {
    const template = document.createElement("template");
    template.innerHTML = html;
    const fresh = template.content.querySelector("section.clause");
    return fresh && fresh.id === id ? fresh : null;
  };
  // "Đã sửa so với lần trước" belongs to the clause, not to its comments, and the server's answer to one save does
  // not work it out (that compares the whole draft with the previous round's): the fresh section keeps the mark of
  // the one it replaces.
  const keepMarks = (old, fresh) => {
    if (!old.hasAttribute("data-changed") || fresh.hasAttribute("data-changed")) return;
    fresh.setAttribute("data-changed", old.getAttribute("data-changed"));
    const mark = old.querySelector(":scope > .clause-side > .changed-mark");
    const ref = fresh.querySelector(":scope > .clause-side > .ref");
    if (mark && ref) ref.after(mark.cloneNode(true));
  };
  const EXPIRED = "Chưa lưu được: phiên làm việc đã hết hạn. Hãy sao chép nội dung đang nhập, đăng nhập lại "
    + "(mở trang trong thẻ mới) rồi dán và lưu lại.";
  const OFFLINE = "Chưa lưu được: không kết nối được máy chủ. Nội dung vẫn còn trong ô, hãy thử lưu lại sau.";
  const UNKNOWN = "Chưa lưu được. Nội dung vẫn còn trong ô; hãy tải lại trang trong thẻ mới để xem lý do.";
  const showProblem = (form, text) => {
    let problem = form.querySelector(".save-problem");
    if (!problem) {
      problem = document.createElement("p");
      problem.className = "flash flash-error save-problem";
      problem.setAttribute("role", "alert");
      form.prepend(problem);
    }
    problem.textContent = text;
  };

  // --- the one new-comment form, moved to the clause whose "Góp ý" is followed ---------------------------------
  let home = document.getElementById("comment-form-home");
  if (!home) {
    home = document.createElement("div");
    home.id = "comment-form-home";
    home.hidden = true;
    document.querySelector("main").append(home);
  }
  const sharedForm = () => document.getElementById("comment-form");
  const links = new Map();  // the "Góp ý" line a moved form stands in for, to put it back on closing
  const putBack = (form) => {
    const line = links.get(form);
    if (line) line.hidden = false;
    links.delete(form);
    form.querySelectorAll(".save-problem").forEach((p) => p.remove());
    home.append(form);
  };
  const openAt = (link) => {
    const form = sharedForm();
    const section = link.closest("section.clause");
    if (!form || !section) return false;
    if (links.has(form)) links.get(form).hidden = false;
    const line = link.closest(".say-line");
    line.after(form);
    line.hidden = true;
    links.set(form, line);
    form.querySelector("[name=clause_id]").value = link.dataset.clause || "";
    form.querySelector(".js-ref").textContent = link.dataset.ref || "";
    form.querySelector(".js-close").hidden = false;
    form.querySelector("textarea").focus();
    return true;
  };
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a.say");
    if (link && openAt(link)) {
      event.preventDefault();
      return;
    }
    const close = event.target.closest("#comment-form .js-close");
    if (close) {
      const form = close.form;
      const line = links.get(form);
      putBack(form);
      if (line) line.querySelector("a.say").focus();
    }
  });
  const initial = sharedForm();
  if (initial) initial.querySelector(".js-close").hidden = !initial.closest("section.clause");

  // --- saving without reloading ---------------------------------------------------------------------------------
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.matches("form.js-comment")) return;
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
        if (form.id === "comment-form") {
          // The answer carries the form again when the text was refused; else the form goes home, emptied.
          if (fresh.querySelector("#comment-form")) {
            links.delete(form);
          } else {
            form.reset();
            putBack(form);
          }
        }
        keepMarks(section, fresh);
        section.replaceWith(fresh);
        const again = fresh.querySelector("#comment-form .js-close");
        if (again) again.hidden = false;
        const message = fresh.querySelector("[role=status], [role=alert]");
        if (message) {
          message.tabIndex = -1;
          message.focus();
        }
        return;
      }
      if (response.status === 409) {
        HTMLFormElement.prototype.submit.call(form);
        return;
      }
      showProblem(form, response.status === 400 || response.redirected ? EXPIRED : UNKNOWN);
    } catch (error) {
      showProblem(form, OFFLINE);
    }
    section.classList.remove("saving");
  });
});
