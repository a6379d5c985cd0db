"""The pages at scale send as many SQL statements for a big consultation as for a small one (no N+1).

Two scenes of bench/bench_pages.py in one database, the second with three times the clauses, agencies, comments and
open consultations of the first: each page of the benchmark is asked of both and its statements counted. A page
whose count grows with the rows loads them one by one (a lazy load per row); that is what made the decisions and
synthesis pages take seconds at 10,000 comments. Timings are left to the benchmark.
"""

from __future__ import annotations

from argparse import Namespace

import pytest

from bench.bench_pages import StatementCounter, build, clients, page, pages

SMALL = Namespace(clauses=40, agencies=4, comments=30, open=2)
LARGE = Namespace(clauses=120, agencies=12, comments=90, open=6)
PAGES = list(pages({"consultation": 0, "version": Namespace(draft_id=0, number=1)}))


@pytest.fixture
def scenes(app, db):
    return build(SMALL, "s"), build(LARGE, "l")


def statements(app, db, scene: dict, name: str) -> int:
    who, url = pages(scene)[name]
    client = clients(app, scene)[who]
    page(client, url)  # the first visit may do a one-time job (the decisions page groups the comments)
    return StatementCounter(db.engine).during(lambda: page(client, url))


@pytest.mark.parametrize("name", PAGES)
def test_page_statements_do_not_grow_with_rows(app, db, scenes, name):
    small, large = (statements(app, db, scene, name) for scene in scenes)
    assert large <= small, f"{name}: {small} SQL statements for the small consultation, {large} for the large one"
