"""Page objects of report requests: an agency filling its form, the team reading and exporting the consolidation."""

from __future__ import annotations

from tests.browser.pages import Visitor


class ReportingAgency(Visitor):
    def opens_request(self, title: str) -> None:
        self.menu("Yêu cầu báo cáo")
        self.follows(title)

    def opens_form(self, name: str) -> None:
        self.follows(name)

    def types(self, row: str, column: str, text: str) -> None:
        """Type into a cell and leave it (the grid checks as typed and saves on leaving)."""
        cell = self.page.get_by_label(f"{row} — {column}", exact=True)
        cell.fill(text)
        cell.press("Tab")

    def chooses(self, row: str, column: str, option: str) -> None:
        self.page.get_by_label(f"{row} — {column}", exact=True).select_option(option)

    def message_in(self, row: str, column: str) -> str:
        cell = self.page.locator("td").filter(has=self.page.get_by_label(f"{row} — {column}", exact=True))
        return " ".join(cell.locator(".cell-error:visible").all_inner_texts())

    def waits_for_saving(self) -> None:
        self.page.get_by_text("Đã lưu.", exact=True).wait_for()

    def cell_value(self, row: str, column: str) -> str:
        return self.page.get_by_label(f"{row} — {column}", exact=True).input_value()

    def submits(self, number: str, day: str, signer: str) -> None:
        self.page.get_by_label("Số văn bản báo cáo").fill(number)
        self.page.get_by_label("Ngày văn bản").fill(day)
        self.page.get_by_label("Người ký").fill(signer)
        self.presses("Gửi báo cáo")


class ConsolidatingTeam(Visitor):
    def opens_consolidation(self, title: str) -> None:
        self.menu("Yêu cầu báo cáo")
        self.follows(title)
        self.follows("Tổng hợp, biểu đồ")

    def chart_titles(self) -> list[str]:
        return [title.strip() for title in self.page.locator("svg.chart title").all_text_contents()]
