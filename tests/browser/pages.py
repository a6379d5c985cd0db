"""Page objects: what a person does on each page, in their words, so journeys read like the user's steps.

Every Visitor also watches its page for what a person would not see but must not happen: script errors, CSP
violations (logged by Chromium as console errors) and server errors (5xx). A journey ends with ``problems == []``.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from tests.conftest import PASSWORD


def watch_for_problems(page) -> list[str]:
    """A list that fills with the page's script errors, console errors and 5xx answers as they happen."""
    problems: list[str] = []

    def on_console(message) -> None:
        if message.type != "error":
            return
        # Chromium asks for /favicon.ico on its own; the app has none, and that 404 is nobody's concern.
        if message.text.startswith("Failed to load resource") and message.location.get("url", "").endswith(
            "/favicon.ico"
        ):
            return
        problems.append(f"console: {message.text} ({message.location.get('url', '')})")

    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.on("console", on_console)
    page.on(
        "response",
        lambda response: response.status >= 500 and problems.append(f"HTTP {response.status} {response.url}"),
    )
    return problems


class Visitor:
    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.problems = watch_for_problems(page)
        # Irreversible actions ask first (data-confirm); the person reads the question and says yes.
        self.confirmations: list[str] = []
        page.on("dialog", self._answers_yes)

    def _answers_yes(self, dialog) -> None:
        self.confirmations.append(dialog.message)
        dialog.accept()

    def go(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def logs_in(self, username: str, password: str = PASSWORD) -> None:
        self.go("/login")
        self.page.get_by_label("Tên đăng nhập").fill(username)
        self.page.get_by_label("Mật khẩu").fill(password)
        self.page.get_by_role("button", name="Đăng nhập").click()

    def logs_out(self) -> None:
        self.page.get_by_role("button", name="Đăng xuất").click()

    def heading(self) -> str:
        return self.page.locator("h1").first.inner_text()

    def flash(self) -> str:
        return self.page.locator(".flash").first.inner_text()

    def flashes(self) -> list[str]:
        """The messages at the top of the page after an action (not the notes that are part of the page)."""
        return [text.strip() for text in self.page.locator(".flashes .flash").all_inner_texts()]

    def menu(self, name: str) -> None:
        """Follow an entry of the main menu at the top."""
        self.page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name=name).click()
        self.page.wait_for_load_state()

    def follows(self, name: str) -> None:
        self.page.get_by_role("link", name=name, exact=True).click()
        self.page.wait_for_load_state()

    def presses(self, name: str) -> None:
        """Press a button; when it submits a form, wait for the page that answers."""
        self.page.get_by_role("button", name=name, exact=True).click()
        self.page.wait_for_load_state()

    def table(self, caption: str | re.Pattern):
        """A table by its caption (its accessible name)."""
        return self.page.get_by_role("table", name=caption)

    def row_texts(self, caption: str | re.Pattern) -> dict[str, list[str]]:
        """{row heading: [the other cells' texts]} of the table with that caption."""
        rows = {}
        for row in self.table(caption).locator("tbody tr").all():
            heading = row.locator("th").first.inner_text().strip()
            rows[heading] = [cell.strip() for cell in row.locator("td").all_inner_texts()]
        return rows

    def filters_list(self, **choices: str) -> None:
        """Fill the list's filter form ({label: value}; a select by its option's text) and press "Lọc"."""
        for label, value in choices.items():
            field = self.page.get_by_label(label, exact=True)
            if field.evaluate("element => element.tagName") == "SELECT":
                field.select_option(label=value)
            else:
                field.fill(value)
        self.presses("Lọc")

    def list_titles(self) -> list[str]:
        """The titles of the rows of the list page's table, in order."""
        return [text.strip() for text in self.page.locator("table.data tbody tr > :first-child a").all_inner_texts()]

    def error_beside(self, label: str) -> str:
        """The refusal shown in the block of the field labelled ``label`` ("" when there is none)."""
        block = self.page.locator("div.field, fieldset.field").filter(has=self.page.get_by_label(label, exact=True))
        return " ".join(block.first.locator(".error").all_inner_texts())

    def value_of(self, label: str) -> str:
        return self.page.get_by_label(label, exact=True).input_value()

    def alerts(self) -> list[str]:
        return [text.strip() for text in self.page.get_by_role("alert").all_inner_texts()]

    def text(self) -> str:
        """What the reader sees of the page's content, as the browser lays it out (innerText)."""
        return self.page.locator("main").inner_text()

    def exports(self, button_name: str, folder: Path, *, timeout_ms: int = 60_000) -> Path:
        """Click an export button, wait on its job page for the file, download it into ``folder``."""
        self.page.get_by_role("button", name=button_name, exact=True).click()
        self.page.get_by_role("link", name=re.compile(r"^Tải tệp ")).wait_for(timeout=timeout_ms)
        return self.downloads(re.compile(r"^Tải tệp "), folder)

    def downloads(self, link_name: str | re.Pattern, folder: Path) -> Path:
        """Click a download link and keep the file under its suggested name in ``folder``."""
        with self.page.expect_download() as info:
            self.page.get_by_role("link", name=link_name, exact=isinstance(link_name, str)).click()
        download = info.value
        assert download.failure() is None, download.failure()
        path = folder / download.suggested_filename
        download.save_as(path)
        return path


class DraftingTeam(Visitor):
    """A member of the drafting team (tổ soạn thảo)."""

    # --- drafts -----------------------------------------------------------------------------------------------

    def imports_draft(self, file: Path, title: str, kind: str) -> None:
        self.menu("Dự thảo")
        self.follows("Nhập dự thảo mới")
        self.page.get_by_label("Tên dự thảo").fill(title)
        self.page.get_by_label("Loại văn bản").select_option(label=kind)
        self.page.get_by_label("Tệp dự thảo").set_input_files(file)
        self.presses("Tải lên và xem trước")

    def outline_counts(self) -> dict[str, int]:
        """{kind: count} as the table of the outline shows it."""
        rows = self.row_texts(re.compile(r"mục để góp ý$"))
        return {kind: int(cells[0]) for kind, cells in rows.items()}

    def outline_citations(self) -> list[str]:
        return [text.strip() for text in self.page.locator("ol.outline .ref strong").all_inner_texts()]

    # --- consultations --------------------------------------------------------------------------------------

    def creates_consultation(
        self,
        *,
        version: str,
        title: str,
        deadline: date,
        letter_number: str,
        letter_date: date,
        signer: str,
        contact: tuple[str, str, str],
        groups: list[str],
    ) -> None:
        self.menu("Đợt lấy ý kiến")
        self.follows("Tạo đợt lấy ý kiến")
        page = self.page
        page.get_by_label("Phiên bản dự thảo").select_option(label=version)
        page.get_by_label("Tên đợt lấy ý kiến").fill(title)
        page.get_by_label("Nhận ý kiến trước ngày", exact=True).fill(deadline.isoformat())
        page.get_by_label("Số văn bản xin ý kiến").fill(letter_number)
        page.get_by_label("Ngày văn bản").fill(letter_date.isoformat())
        page.get_by_label("Người ký văn bản").fill(signer)
        name, phone, email = contact
        page.get_by_label("Người liên hệ").fill(name)
        page.get_by_label("Điện thoại").fill(phone)
        page.get_by_label("Thư điện tử").fill(email)
        for group in groups:
            page.get_by_label(group, exact=True).check()
        self.presses("Lưu bản nháp")

    def attaches_document(self, kind: str, title: str, file: Path) -> None:
        section = self.page.get_by_role("region", name=re.compile("^Dự thảo và tài liệu gửi kèm"))
        section.get_by_label("Loại tài liệu").select_option(label=kind)
        section.get_by_label("Tên tài liệu (không bắt buộc)").fill(title)
        section.get_by_label("Tệp (PDF hoặc Word .docx)").set_input_files(file)
        self.presses("Đính kèm")

    def extends(self, agency: str, until: date) -> None:
        self.page.get_by_role("link", name=f"Gia hạn cho {agency}").click()
        self.page.get_by_label("Nhận ý kiến trước ngày", exact=True).fill(until.isoformat())
        self.presses("Gia hạn")

    def opens_consultation(self, title: str) -> None:
        self.menu("Đợt lấy ý kiến")
        self.page.get_by_role("link", name=title).click()

    def recipient_groups(self) -> dict[str, list[str]]:
        """{table caption: [agency names]} of the recipients section."""
        section = self.page.get_by_role("region", name=re.compile("^Cơ quan được lấy ý kiến"))
        groups = {}
        for table in section.locator("table").all():
            caption = table.locator("caption").inner_text().strip()
            groups[caption] = [name.strip() for name in table.locator("tbody th").all_inner_texts()]
        return groups

    def asks_to_close(self) -> None:
        """Open the confirmation page of "Kết thúc" (nothing is closed yet)."""
        self.follows("Kết thúc đợt lấy ý kiến…")

    def agencies_still_on_time(self) -> dict[str, str]:
        """{agency: its own deadline} of the confirmation page's table of agencies that still have time."""
        rows = self.page.locator("#still-on-time tbody tr").all()
        return {row.locator("th").inner_text().strip(): row.locator("td").first.inner_text().strip() for row in rows}

    def confirms_closing(self) -> None:
        self.presses("Xác nhận kết thúc đợt lấy ý kiến")

    def closes_early(self) -> None:
        self.asks_to_close()
        self.confirms_closing()

    # --- tracking -------------------------------------------------------------------------------------------

    def tracking_states(self) -> dict[str, str]:
        """{agency: state} of the tracking table."""
        states = {}
        for row in self.page.locator("table.tracking tbody tr").all():
            name = row.locator("th").inner_text().strip()
            states[name] = row.locator(".state-badge").inner_text().strip()
        return states

    def tracking_row(self, agency: str):
        return self.page.locator("table.tracking tbody tr").filter(
            has=self.page.get_by_role("rowheader", name=agency, exact=True)
        )

    def reminds(self, agencies: list[str]) -> None:
        for agency in agencies:
            self.page.get_by_label(f"Chọn {agency}", exact=True).check()
        self.presses("Gửi thư đôn đốc cho các cơ quan đã chọn")

    # --- synthesis ------------------------------------------------------------------------------------------

    def comment_group(self, comment_text: str):
        """The group of comments (on the dispositions page) that holds this comment."""
        return self.page.locator("article.disposition").filter(has_text=comment_text)

    def decides(self, comment_text: str, decision: str, explanation: str) -> None:
        group = self.comment_group(comment_text)
        group.get_by_label(decision, exact=True).check()
        group.get_by_label("Nội dung tiếp thu, giải trình").fill(explanation)
        group.get_by_role("button", name="Lưu", exact=True).click()
        # decisions.js answers inside the group; without JavaScript the page reloads with the message at the top.
        # (This group's own message: an earlier group's still stands on the page.)
        saved = "Đã lưu kết quả xử lý."
        group.get_by_text(saved).or_(self.page.locator(".flashes").get_by_text(saved)).first.wait_for()
        self.page.wait_for_load_state()

    def opens_publication(self) -> None:
        self.follows("Công bố kết quả")

    def publication_problems(self) -> dict[str, str]:
        """{clause: why} of the groups that keep the synthesis from being published."""
        rows = self.page.locator("#publish-problems tbody tr").all()
        return {row.locator("th").inner_text().strip(): row.locator("td").last.inner_text().strip() for row in rows}

    def publishes(self) -> None:
        self.presses("Phê duyệt và công bố")


class AgencyMember(Visitor):
    """A member of a consulted agency."""

    def opens_request(self, title: str) -> None:
        self.menu("Văn bản xin ý kiến")
        self.page.get_by_role("link", name=title).click()

    def clause(self, ref: str):
        """The section of one clause, by its citation ("Điều 1", "khoản 2 Điều 3")."""
        return self.page.locator("section.clause").filter(has=self.page.locator("p.ref").get_by_text(ref, exact=True))

    def comments_on(self, ref: str, text: str, proposal: str = "") -> None:
        """Add a comment; comments.js saves it in place, so wait for the section to come back with it."""
        section = self.clause(ref)
        section.get_by_text("Góp ý", exact=True).click()
        form = section.locator("#comment-form")
        form.get_by_label("Nội dung góp ý").fill(text)
        if proposal:
            form.get_by_label("Đề xuất sửa thành (không bắt buộc)").fill(proposal)
        form.get_by_role("button", name="Lưu ý kiến").click()
        self._comment_text(section, text).wait_for()
        section.get_by_role("status").filter(has_text="Đã lưu ý kiến.").wait_for()

    @staticmethod
    def _comment_text(scope, text: str):
        return scope.locator(".comment-text").filter(has_text=re.compile(f"^{re.escape(text)}$"))

    def comment(self, ref: str, text: str):
        return self.clause(ref).locator("article.reply-comment").filter(has=self._comment_text(self.page, text))

    def edits(self, ref: str, old: str, new: str) -> None:
        article = self.comment(ref, old)
        article.get_by_text("Sửa ý kiến", exact=True).click()
        article.get_by_label("Nội dung góp ý").fill(new)
        article.get_by_role("button", name="Lưu thay đổi").click()
        section = self.clause(ref)
        self._comment_text(section, new).wait_for()
        section.get_by_role("status").filter(has_text="Đã lưu thay đổi.").wait_for()

    def deletes(self, ref: str, text: str) -> None:
        """Delete after answering the browser's "Xóa ý kiến này?" with OK; the page reloads with a message."""
        self.comment(ref, text).get_by_role("button", name="Xóa ý kiến").click()
        self.page.locator(".flashes").get_by_text("Đã xóa ý kiến.").wait_for()
        self.page.wait_for_load_state()

    def comment_texts(self, ref: str) -> list[str]:
        return [text.strip() for text in self.clause(ref).locator(".comment-text").all_inner_texts()]

    def outcome_of_own_comments(self) -> dict[str, str]:
        """{comment: how it was handled} on the agency's page of results."""
        rows = self.page.locator("table.carryover tbody tr").all()
        return {
            row.locator("td").nth(1).inner_text().strip(): row.locator("td").nth(2).inner_text().strip() for row in rows
        }

    def opens_submission(self) -> None:
        self.follows("Xem tổng hợp và gửi văn bản góp ý")

    def submits(
        self,
        position: str,
        *,
        letter_number: str,
        letter_date: date,
        signer: str,
        attachment: Path | None = None,
    ) -> None:
        page = self.page
        page.get_by_label(position, exact=True).check()
        page.get_by_label("Số văn bản góp ý").fill(letter_number)
        page.get_by_label("Ngày văn bản").fill(letter_date.isoformat())
        page.get_by_label("Người ký văn bản").fill(signer)
        if attachment is not None:
            page.get_by_label("Văn bản góp ý đính kèm (PDF hoặc DOCX, không bắt buộc)").set_input_files(attachment)
        self.presses("Gửi văn bản góp ý")

    def receipt(self) -> dict[str, str]:
        rows = self.row_texts("Phiếu xác nhận gửi văn bản góp ý")
        return {label: cells[0] for label, cells in rows.items()}
