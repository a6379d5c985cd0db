"""What a newcomer's `make run` installs and does before serving."""

from __future__ import annotations

import ast
import socket
import sys
from importlib.metadata import packages_distributions

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from commentsvc import port_check
from commentsvc.config import ROOT

DEV_TOOLS = {"pytest", "pytest-xdist", "playwright", "locust", "ruff", "aiosmtpd"}


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-r"):
            requirement = Requirement(line)
            assert len(requirement.specifier) == 1 and str(requirement.specifier).startswith("=="), line
            pins[canonicalize_name(requirement.name)] = str(requirement.specifier)
    return pins


def _imported_top_level_modules() -> set[str]:
    modules = set()
    for path in [*(ROOT / "commentsvc").rglob("*.py"), ROOT / "wsgi.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - {"commentsvc", "__future__"}


def test_make_run_installs_no_test_tools():
    runtime, dev = _pins("requirements.txt"), _pins("requirements-dev.txt")
    assert not DEV_TOOLS & set(runtime)
    assert set(map(canonicalize_name, DEV_TOOLS)) <= set(dev)
    assert not set(runtime) & set(dev), "each package is pinned once"
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert "run: $(STAMP)\n" in makefile and "test: $(DEV_STAMP)\n" in makefile


def test_everything_the_service_imports_is_a_runtime_requirement():
    runtime = _pins("requirements.txt")
    distributions = packages_distributions()
    for module in _imported_top_level_modules():
        assert any(canonicalize_name(name) in runtime for name in distributions.get(module, [module])), module


def test_a_port_in_use_gets_a_one_line_hint(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert port_check.main(["127.0.0.1", str(port)]) == 1
    hint = capsys.readouterr().err
    assert hint.count("\n") == 1 and f"Cổng {port}" in hint and f"make run PORT={port + 1}" in hint
    assert port_check.main(["127.0.0.1", str(port)]) == 0
