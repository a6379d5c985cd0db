"""Report requests at scale: 90 agencies, one 200-row × 10-column form, every agency but five reported.

    .venv/bin/python -m bench.bench_reports

Prints the median wall and CPU time of: the team's consolidation page (HTTP, signed in; target < 500 ms), the
consolidation XLSX (target < 3 s), the cheap fingerprint of its sources that serves an unchanged export job from the
stored file instead (reports/fingerprint.py), and an agency's filled workbook checked cell by cell on upload (HTTP,
target < 1 s; the same check without HTTP beside it). SQLite in a temporary folder, as a newcomer's machine runs it.
The verdicts judge wall time; on a machine shared with other work, the CPU time says what the code itself costs.
"""

from __future__ import annotations

import argparse
import contextvars
import io
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from commentsvc import create_app  # noqa: E402
from commentsvc.accounts.models import DraftingUnit, Role, User  # noqa: E402
from commentsvc.agencies.models import Agency, AgencyGroup  # noqa: E402
from commentsvc.app import freeze_long_lived  # noqa: E402
from commentsvc.core.clock import now_utc  # noqa: E402
from commentsvc.core.db import db  # noqa: E402
from commentsvc.reports import operations, queries, results  # noqa: E402
from commentsvc.reports.fingerprint import source_fingerprint  # noqa: E402
from commentsvc.reports.layout import Column, ColumnType, FormLayout, Row  # noqa: E402
from commentsvc.reports.models import ReportSubmission, ReportValue, SubmissionStatus  # noqa: E402
from commentsvc.reports.periods import Period  # noqa: E402
from commentsvc.reports.workbook import Sheet, read_xlsx, to_xlsx  # noqa: E402

TARGETS = {"consolidation page": 0.5, "consolidation XLSX": 3.0, "upload checked (HTTP)": 1.0}
TYPES = [ColumnType.INTEGER] * 6 + [ColumnType.PERCENT] * 2 + [ColumnType.DECIMAL, ColumnType.TEXT]


def layout(rows: int) -> FormLayout:
    columns = tuple(Column(f"c{n}", f"Cột {n}", kind) for n, kind in enumerate(TYPES, start=1))
    return FormLayout(columns, tuple(Row(f"r{n}", f"Chỉ tiêu số {n}") for n in range(1, rows + 1)))


def value(kind: ColumnType, agency: int, row: int) -> str:
    if kind is ColumnType.TEXT:
        return f"Ghi chú {agency}-{row}"
    if kind is ColumnType.PERCENT:
        return str((agency * 7 + row) % 101)
    if kind is ColumnType.DECIMAL:
        return f"{agency}.{row % 10}"
    return str(agency * 1000 + row)


def build(agencies: int, rows: int, silent: int):
    """The request, its form, a team member and one reporting agency's member."""
    unit = DraftingUnit(code="BENCH", name="Cục Thử nghiệm", parent_code="BKHCN", parent_name="Bộ KH&CN")
    # Users of the benchmark never sign in with a password: the session is set directly (sign_in).
    team = User(username="team", full_name="Tổ", password_hash="-", role=Role.DRAFTER, drafting_unit=unit)  # noqa: S106
    members = [
        Agency(code=f"CQ{n}", name=f"Bộ Thử nghiệm {n:03d}", short_name=f"Bộ {n}", group=AgencyGroup.MINISTRY)
        for n in range(agencies)
    ]
    db.session.add_all([unit, team, *members])
    db.session.flush()
    now = now_utc()
    request = operations.create_request(
        unit=unit,
        title="Báo cáo thử",
        period=Period("quarter", 2026, 3),
        opens_at=now,
        deadline_at=now + timedelta(days=9),
    )
    form = operations.add_form(request, code="01", title="Biểu mẫu 01", layout=layout(rows))
    operations.add_agencies(request, members)
    operations.open_request(request, now)
    cells = []
    for number, recipient in enumerate(sorted(request.recipients, key=lambda r: r.agency_id)):
        status = SubmissionStatus.DRAFTING if number < silent else SubmissionStatus.SUBMITTED
        submission = ReportSubmission(
            recipient=recipient, status=status, submitted_at=now if number >= silent else None
        )
        db.session.add(submission)
        db.session.flush()
        for row in range(1, rows + 1):
            for column, kind in enumerate(TYPES, start=1):
                text = value(kind, number, row)
                cells.append(
                    {
                        "submission_id": submission.id,
                        "form_id": form.id,
                        "row_key": f"r{row}",
                        "column_key": f"c{column}",
                        "raw": text,
                        "value": text,
                        "error": "",
                    }
                )
    db.session.execute(sa.insert(ReportValue), cells)
    filler = User(username="filler", full_name="Cán bộ", password_hash="-", role=Role.AGENCY, agency=members[0])  # noqa: S106
    db.session.add(filler)
    db.session.commit()
    return request, form, team, filler


def timed(action, runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process (on a busy machine the first waits for the CPU)."""
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def fresh(call, *args, **kwargs):
    """Run a request outside the benchmark's own app context, as in production (its own ``g``: its own user)."""
    return contextvars.Context().run(call, *args, **kwargs)


def sign_in(client, user) -> None:
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = user.get_id(), True


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agencies", type=int, default=90)
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3", "SECRET_KEY": "b" * 40}
        app = create_app(config | {"WTF_CSRF_ENABLED": False, "MAIL_OUTBOX_DIR": tmp})
        freeze_long_lived()  # as wsgi.py does: the collector no longer walks the app's objects in each request
        with app.app_context():
            db.create_all()
            request, form, team, filler = build(args.agencies, args.rows, silent=5)
            request_id, form_id, form_layout = request.id, form.id, form.layout
            client = app.test_client()
            sign_in(client, team)
            page = fresh(client.get, f"/reports/{request_id}/consolidation")
            assert page.status_code == 200, page.status_code
            figures["consolidation page"] = timed(
                lambda: fresh(client.get, f"/reports/{request_id}/consolidation"), args.runs
            )
            figures["consolidation XLSX"] = timed(
                lambda: results.export(db.session.get(type(request), request_id), "xlsx"), 3
            )
            figures["XLSX's fingerprint"] = timed(
                lambda: source_fingerprint(db.session.get(type(request), request_id), now_utc(), "report.xlsx"), 3
            )
            recipient = queries.recipient_for_agency(request_id, filler.agency_id)
            values = {
                (row.key, column.key): value(column.type, 7, n)
                for n, row in enumerate(form_layout.rows, 1)
                for column in form_layout.columns
            }
            data = to_xlsx(Sheet(form_id, "01", "Biểu mẫu 01", "Bộ 0", "quý III/2026", "", form_layout, values))
            figures["upload checked (pure)"] = timed(lambda: read_xlsx(data, form_id, form_layout), args.runs)
            agency_client = app.test_client()
            sign_in(agency_client, filler)
            assert fresh(agency_client.get, f"/agency/reports/{request_id}").status_code == 200
            submission = recipient.submission
            submission.status = SubmissionStatus.DRAFTING
            db.session.commit()
            url = f"/agency/reports/{request_id}/forms/{form_id}/upload"

            def upload():
                response = fresh(
                    agency_client.post,
                    url,
                    data={"file": (io.BytesIO(data), "bieu-mau.xlsx")},
                    content_type="multipart/form-data",
                )
                assert response.status_code == 303, (response.status_code, response.get_data(as_text=True)[-1500:])

            figures["upload checked (HTTP)"] = timed(upload, args.runs)
    print(f"{args.agencies} agencies, a {args.rows}-row × {len(TYPES)}-column form ({args.agencies - 5} reported)")
    status = 0
    print(f"{'':<24} {'wall':>8}    {'CPU':>8}")
    for name, (seconds, cpu) in figures.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else (" OK" if seconds < target else f" SLOWER than {target:g} s")
        status |= bool(target and seconds >= target)
        print(f"{name:<24} {seconds * 1000:8.0f} ms {cpu * 1000:8.0f} ms{verdict}")
    return status


if __name__ == "__main__":
    sys.exit(main())
