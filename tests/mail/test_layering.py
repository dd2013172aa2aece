"""The mail transport stands on core alone: reply handling, tasks and documents sit above it."""
import ast
from pathlib import Path

import tracker.mail

ALLOWED = {"core", "extensions", "mail"}


def _tracker_imports(path: Path) -> set[str]:
    """The tracker sub-packages a module imports, relative or absolute, at any depth."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 1:
                found.add("mail")
            elif node.level == 2:
                found.add(module.split(".")[0] if module else "")
            elif module.startswith("tracker."):
                found.add(module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("tracker.")}
    return found


def test_the_mail_transport_imports_nothing_above_core():
    package = Path(tracker.mail.__file__).parent
    above = {path.name: _tracker_imports(path) - ALLOWED for path in package.glob("*.py")}
    assert {name: modules for name, modules in above.items() if modules} == {}


def test_the_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("from ..tasks.models import Task\nimport tracker.replies.handler\nfrom .parse import x\n")
    assert _tracker_imports(module) == {"tasks", "replies", "mail"}
