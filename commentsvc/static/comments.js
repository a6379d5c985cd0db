// Saving a comment without reloading the page (progressive enhancement: the plain forms work without this).
// The form is posted with fetch and the header X-Requested-With: comments.js; the server answers with the clause's
// section alone (saved, or refused with the reason and the typed text kept), which replaces the one on the page so the
// reader keeps their place. An edit conflict (409) falls back to the ordinary submission, whose page shows both texts.
// Anything else (an expired session, the network down) leaves the form as it is, text included, with a message:
// submitting it the ordinary way would only lose the text on an error page.
document.addEventListener("DOMContentLoaded", () => {
  const sectionFrom = (html, id) => {
    const template = document.createElement("template");
    template.innerHTML = html;
    const fresh = template.content.querySelector("section.clause");
    return fresh && fresh.id === id ? fresh : null;
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
  };
  bind(document);
});
