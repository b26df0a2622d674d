"""Fixtures of the corpus tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_cases import CORPUS, MANIFEST, materialize


@pytest.fixture(scope="session")
def corpus_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every corpus case materialized under one temp folder."""
    root = tmp_path_factory.mktemp("corpus")
    for path in sorted(CORPUS.iterdir()):
        if (path / MANIFEST).is_file():
            materialize(path.name, root / path.name)
    return root
