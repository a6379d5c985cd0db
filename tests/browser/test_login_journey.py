"""A person signs in and out in a real browser; a wrong password gets one message."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.pages import Visitor

pytestmark = pytest.mark.browser


def test_sign_in_and_out(live_server, new_page, factory):
    user = factory.drafter()
    visitor = Visitor(new_page(), live_server)
    visitor.logs_in(user.username, "sai-mat-khau-99")
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in visitor.flash()
    screenshot(visitor.page, "01-login-error")
    visitor.logs_in(user.username)
    assert visitor.heading() == f"Xin chào, {user.full_name}"
    screenshot(visitor.page, "02-home-drafter")
    visitor.logs_out()
    assert visitor.heading() == "Đăng nhập"
