"""tnl.core is the bottom layer: the domain apps import it, it imports none of them."""

import ast
from pathlib import Path

TNL = Path(__file__).resolve().parents[2] / "tnl"
DOMAIN_APPS = sorted(p.parent.name for p in TNL.glob("*/apps.py") if p.parent.name != "core")


def imported_modules(source, package):
    """Every module named by the imports of `source`, a module of the package `package` ("tnl.core...")."""
    parts = package.split(".")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = parts[: len(parts) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def domain_apps_imported(source, package="tnl.core"):
    """The domain apps that `source` imports, wherever the import is (module level or in a function)."""
    return sorted(
        {
            app
            for module in imported_modules(source, package)
            for app in DOMAIN_APPS
            if module == f"tnl.{app}" or module.startswith(f"tnl.{app}.")
        }
    )


def test_the_domain_apps_are_found():
    assert {"accounts", "territories", "referentials", "editions", "dossiers", "demo"} <= set(DOMAIN_APPS)


def test_the_check_sees_absolute_relative_and_nested_imports():
    samples = {
        "import tnl.editions.models": ["editions"],
        "from tnl.dossiers import services": ["dossiers"],
        "from ... import territories": ["territories"],
        "from .. import audit": [],
        "def f():\n    from ...referentials.engine import format_percent": ["referentials"],
        "from . import audit\nfrom tnl.core.permissions import rule\nimport rules": [],
    }
    found = {source: domain_apps_imported(source, "tnl.core.templatetags") for source in samples}
    assert found == samples


def test_tnl_core_imports_no_domain_app():
    offenders = {}
    for path in sorted((TNL / "core").rglob("*.py")):
        relative = path.relative_to(TNL / "core")
        package = ".".join(["tnl", "core", *relative.parent.parts])
        offenders[str(relative)] = domain_apps_imported(path.read_text(), package)
    assert {path: modules for path, modules in offenders.items() if modules} == {}
