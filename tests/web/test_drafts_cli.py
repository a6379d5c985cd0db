"""``flask --app wsgi drafts outline FILE [--json]`` without a database, and the demo's sample drafts."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import sqlalchemy as sa

from commentsvc import create_app
from commentsvc.drafts.model import MSG_OLD_DOC
from commentsvc.drafts.models import Clause, Draft, DraftKind, DraftVersion
from commentsvc.drafts.splitting import split_path, units_to_json
from tests.unit.corpus import with_annexes
from tests.unit.margins_draft import HEADER, NOTE, margins_draft
from tests.web.drafts_helpers import SAMPLES

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/x"
ROOT = SAMPLES.parent


@pytest.fixture
def offline_runner():
    """A CLI runner on an app whose database cannot be reached: any query would fail."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": UNREACHABLE, "TESTING": True})
    return app.test_cli_runner()


@pytest.mark.parametrize("name", ["thong-tu-mau.md", "nghi-dinh-du-lieu-mo.docx"])
def test_outline_as_json_in_document_order(offline_runner, name):
    result = offline_runner.invoke(args=["drafts", "outline", str(SAMPLES / name), "--json"])
    assert result.exit_code == 0, result.output
    units = json.loads(result.stdout)
    assert units == units_to_json(split_path(SAMPLES / name))
    assert all({"kind", "label", "ref", "depth", "text"} <= set(unit) for unit in units)
    assert [unit["position"] for unit in units] == list(range(len(units)))


def test_outline_as_json_names_the_citations(offline_runner):
    result = offline_runner.invoke(args=["drafts", "outline", str(SAMPLES / "thong-tu-mau.md"), "--json"])
    units = {unit["ref"]: unit for unit in json.loads(result.stdout)}
    point = units["điểm c khoản 1 Điều 3"]
    assert (point["kind"], point["label"], point["depth"]) == ("point", "c", 3)
    assert point["text"] == "c) Tỷ lệ hồ sơ trực tuyến trên tổng số hồ sơ:"


def test_readable_outline_is_indented_by_depth(offline_runner):
    result = offline_runner.invoke(args=["drafts", "outline", str(SAMPLES / "thong-tu-mau.md")])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Phần mở đầu"
    assert "Chương I" in lines and "  Điều 1" in lines and "    khoản 1 Điều 1" in lines
    assert "      điểm c khoản 1 Điều 3" in lines
    assert "          c) Tỷ lệ hồ sơ trực tuyến trên tổng số hồ sơ:" in lines
    assert "Tổng cộng: 22 mục." in lines
    assert lines[-1] == "Nội dung nằm trong các mục: 100.0%"


def test_outline_json_of_a_real_decree_with_annexes_after_the_signature(offline_runner, tmp_path):
    path = tmp_path / "nghi-dinh-kem-phu-luc.docx"
    path.write_bytes(with_annexes("nd30-2020_30_2020_ND_CP.docx", "nd30-2020_Phuluc2.docx", "nd30-2020_Phuluc6.docx"))
    result = offline_runner.invoke(args=["drafts", "outline", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    units = json.loads(result.stdout)  # still the array of units
    annexes = [unit for unit in units if unit["kind"] == "annex"]
    assert [(unit["ref"], unit["parent"], unit["depth"]) for unit in annexes] == [
        ("Phụ lục II", None, 0),
        ("Phụ lục VI", None, 0),
    ]
    refs = {unit["ref"] for unit in units}
    assert {"khoản 2 Điều 38", "điểm a khoản 1 Mục II Phụ lục II", "Mục I Phần II Phụ lục VI"} <= refs
    summary = json.loads(result.stderr)["summary"]
    chars = summary["characters"]
    outside = chars["letterhead"] + chars["signature"] + chars["recipients"]
    assert chars["units"] >= 0.99 * (summary["total"] - outside)
    assert chars["recipients"] > 0 and chars["signature"] > 0
    assert summary["nowhere"] == [] and summary["share_in_units"] >= 0.99


def test_bad_input_prints_the_message_and_fails(offline_runner, tmp_path):
    old = tmp_path / "du-thao.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    result = offline_runner.invoke(args=["drafts", "outline", str(old), "--json"])
    assert result.exit_code == 1
    assert result.stderr.strip() == MSG_OLD_DOC and result.stdout == ""


def test_missing_file_fails(offline_runner, tmp_path):
    result = offline_runner.invoke(args=["drafts", "outline", str(tmp_path / "khong-co.docx")])
    assert result.exit_code != 0 and result.stdout == ""


@pytest.mark.slow
def test_command_line_without_a_database():
    env = {**os.environ, "DATABASE_URL": UNREACHABLE}
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "drafts", "outline", "drafts/thong-tu-mau.md", "--json"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[1]["ref"] == "Chương I"


def test_demo_imports_the_samples_once(runner, db):
    samples = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".docx", ".md", ".txt"))
    for _ in range(2):
        result = runner.invoke(args=["demo"])
        assert result.exit_code == 0, result.output
        db.session.expire_all()
        drafts = db.session.scalars(sa.select(Draft)).all()
        assert len(drafts) == len(samples) == 4
    kinds = {draft.kind for draft in drafts}
    assert {DraftKind.STRATEGY, DraftKind.DECREE, DraftKind.METHODOLOGY, DraftKind.CIRCULAR} <= kinds
    versions = db.session.scalars(sa.select(DraftVersion)).all()
    assert sorted(version.filename for version in versions) == samples
    assert all(version.number == 1 for version in versions)
    for version in versions:
        count = db.session.scalar(sa.select(sa.func.count(Clause.id)).where(Clause.version_id == version.id))
        assert count == len(split_path(SAMPLES / version.filename))
    titles = {draft.title for draft in drafts}
    assert "Thông tư quy định chế độ báo cáo định kỳ về dịch vụ công trực tuyến" in titles


def test_outline_summary_counts_headers_footers_and_word_comments(offline_runner, tmp_path):
    path = tmp_path / "du-thao-co-chu-thich.docx"
    path.write_bytes(margins_draft())
    result = offline_runner.invoke(args=["drafts", "outline", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    assert HEADER not in result.stdout and NOTE not in result.stdout  # in no unit
    summary = json.loads(result.stderr)["summary"]
    assert summary["characters"]["headers_footers"] > len(HEADER)
    assert summary["comment_count"] == 2 and summary["comments"][0] == {"author": "Nguyễn Văn An", "text": NOTE}
    readable = offline_runner.invoke(args=["drafts", "outline", str(path)]).stdout
    assert "  Đầu trang, chân trang: " in readable
    assert "Tệp có 2 chú thích (comment) của Word, không đưa vào điều khoản:" in readable
    assert f"  » Nguyễn Văn An: {NOTE}" in readable
