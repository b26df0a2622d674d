"""How many submissions `isslab batch` grades at once when --jobs is not given."""

from __future__ import annotations

import pytest

from isslab.commands.batch import default_jobs

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("cpus", "memory_gib", "jobs"), [
    (2, 24.0, 20),   # our machines: ten per core
    (4, 16.0, 20),   # a GitHub-hosted runner: memory holds 20 at 0.8 GB each
    (2, 8.0, 10),    # a small runner: memory decides
    (1, 1.0, 1),     # never fewer than one
    (64, 512.0, 32),  # the cap
])
def test_ten_per_core_as_memory_allows(cpus: int, memory_gib: float, jobs: int) -> None:
    assert default_jobs(cpus, memory_gib) == jobs


def test_unknown_memory_leaves_the_core_count_to_decide() -> None:
    assert default_jobs(2, 0) == 20
