"""The benchmarks are not run by the suite (they print figures, they assert nothing), but they
must keep importing as the package moves under them."""
import importlib
import pkgutil

import pytest

import bench

MODULES = sorted(m.name for m in pkgutil.iter_modules(bench.__path__))


def test_there_are_benchmarks():
    assert {"mail_parse", "mail_fetch", "extraction"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_each_benchmark_imports(name):
    module = importlib.import_module(f"bench.{name}")
    assert module.__name__ == f"bench.{name}"
