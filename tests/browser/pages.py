"""Page objects: what a person does on each page, in their words, so journeys read like the user's steps."""

from __future__ import annotations

from tests.conftest import PASSWORD


class Visitor:
    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

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
