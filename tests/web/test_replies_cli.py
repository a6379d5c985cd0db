"""``flask --app wsgi replies read LETTER --draft DRAFT_FILE --json`` works without a database."""

from __future__ import annotations

import json

import pytest

from commentsvc import create_app
from commentsvc.responses.letter_errors import MSG_NO_TEXT_LAYER
from tests.letter_factory import to_docx, to_pdf
from tests.letters import DASH_LIST, DASH_LIST_EXPECTED, DECREE, PROSE_POINTS, PROSE_POINTS_EXPECTED

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/x"


@pytest.fixture
def offline_runner():
    """A CLI runner on an app whose database cannot be reached: any query would fail."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": UNREACHABLE, "TESTING": True})
    return app.test_cli_runner()


@pytest.mark.parametrize(("suffix", "render"), [("docx", to_docx), ("pdf", to_pdf)])
def test_read_prints_the_letter_as_one_json_object(offline_runner, tmp_path, suffix, render):
    letter = tmp_path / f"cong-van.{suffix}"
    letter.write_bytes(render(PROSE_POINTS))
    result = offline_runner.invoke(args=["replies", "read", str(letter), "--draft", str(DECREE), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == PROSE_POINTS_EXPECTED


def test_read_warns_about_citations_the_draft_lacks(offline_runner, tmp_path):
    letter = tmp_path / "cong-van.docx"
    letter.write_bytes(to_docx(DASH_LIST))
    result = offline_runner.invoke(args=["replies", "read", str(letter), "--draft", str(DECREE), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == DASH_LIST_EXPECTED
    assert "Cảnh báo: dự thảo không có “Điều 25”." in result.stderr


def test_read_without_json_is_readable(offline_runner, tmp_path):
    letter = tmp_path / "cong-van.docx"
    letter.write_bytes(to_docx(PROSE_POINTS))
    result = offline_runner.invoke(args=["replies", "read", str(letter), "--draft", str(DECREE)])
    assert result.exit_code == 0, result.output
    assert "Số: 1582/BTP-PLDSKT   Ngày: 12/11/2026" in result.stdout
    assert "1. [khoản 2 Điều 5] Tại khoản 2 Điều 5, đề nghị sửa lại như sau:" in result.stdout


def test_read_of_a_scan_fails_with_the_message(offline_runner, tmp_path):
    from weasyprint import HTML

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(HTML(string="<div style='height:10cm;background:#eee'></div>").write_pdf())
    result = offline_runner.invoke(args=["replies", "read", str(scan), "--draft", str(DECREE), "--json"])
    assert result.exit_code == 1
    assert MSG_NO_TEXT_LAYER in result.stderr


def test_verify_prints_the_signature_verdict_as_json(offline_runner, tmp_path):
    from tests.signing_factory import make_authority, make_signer, sign_pdf

    authority = make_authority()
    letter = tmp_path / "signed.pdf"
    letter.write_bytes(
        sign_pdf(to_pdf(PROSE_POINTS), make_signer(authority, "Nguyễn Thanh Tịnh", "Bộ Tư pháp"), authority)
    )
    roots = tmp_path / "roots"
    roots.mkdir()
    (roots / "ca.pem").write_bytes(authority.pem)
    result = offline_runner.invoke(args=["replies", "verify", str(letter), "--trust-roots", str(roots), "--json"])
    assert result.exit_code == 0, result.output
    verdict = json.loads(result.stdout)
    assert {key: verdict[key] for key in ("signed", "intact", "trusted", "signer", "organisation")} == {
        "signed": True,
        "intact": True,
        "trusted": True,
        "signer": "Nguyễn Thanh Tịnh",
        "organisation": "Bộ Tư pháp",
    }
    plain = offline_runner.invoke(args=["replies", "verify", str(letter)])
    assert plain.exit_code == 0
    assert plain.stdout.startswith(
        "Không xác định được nguồn cấp chứng thư số\nNgười ký: Nguyễn Thanh Tịnh; cơ quan: Bộ Tư pháp"
    )


def test_verify_refuses_what_is_not_a_pdf(offline_runner, tmp_path):
    letter = tmp_path / "cong-van.docx"
    letter.write_bytes(to_docx(PROSE_POINTS))
    result = offline_runner.invoke(args=["replies", "verify", str(letter), "--json"])
    assert result.exit_code == 1
    assert "tệp đã chọn không phải PDF" in result.stderr
