"""The export benchmark's options (parts, a smaller synthesis), its per-worker CPU lines and its last line."""

from __future__ import annotations

import pytest

from bench.bench_exports import PARTS, Render, cpu_ratio, parse_args, report


def test_every_part_runs_unless_some_are_chosen():
    assert parse_args([]).parts == list(PARTS)
    assert parse_args([]).comments == 10_000
    chosen = parse_args(["--only", "repeat", "--only", "ratio", "--comments", "2000"])
    assert chosen.parts == ["ratio", "repeat"] and chosen.comments == 2000


def test_too_small_a_synthesis_or_an_unknown_part_is_refused():
    with pytest.raises(SystemExit):
        parse_args(["--comments", "3"])
    with pytest.raises(SystemExit):
        parse_args(["--only", "everything"])


def test_a_render_shows_each_worker_process_cpu_time():
    render = Render(61.25, {10: 0.4, 11: 0.1, 12: 50.0, 13: 48.5})
    assert render.describe() == (
        "61.2 s wall; CPU per worker process: 50.0 s, 48.5 s (in all 98.5 s; consumer and scheduler 0.5 s)"
    )


def test_the_cpu_ratio_is_the_busiest_worker_against_all_the_work_of_one():
    one = Render(300.0, {1: 0.2, 2: 0.1, 3: 100.0})
    two = Render(280.0, {4: 0.2, 5: 0.1, 6: 48.0, 7: 55.0})  # a loaded machine: the wall time hardly moved
    assert one.worker_cpu == [100.0] and two.worker_cpu == [48.0, 55.0]
    assert cpu_ratio(one, two) == 0.55


def test_the_last_line_is_the_repeat_ratio_and_a_missed_target_fails(capsys):
    figures = {"two_workers": 0.55, "repeat_changed": 0.081, "repeat_unchanged": 1.4}
    assert report(figures, ["first PDF, 1 worker: …"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2] == "targets NOT met: repeat_unchanged"
    assert lines[-1] == "repeat/first: 0.081"
    assert report({"two_workers": 0.6}, []) == 0
    assert capsys.readouterr().out.splitlines() == ["targets met"]
