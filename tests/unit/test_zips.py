"""Unit tests of the reproducible Lambda zip builder."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from isslab import cli, zips
from isslab.errors import IsslabError
from isslab.paths import reference_root

pytestmark = pytest.mark.unit


@pytest.fixture
def lab(tmp_path: Path) -> Path:
    """A lab folder with two Lambda modules (and a stray zip the builder must ignore)."""
    lambdas = tmp_path / "lab" / "lambdas"
    lambdas.mkdir(parents=True)
    (lambdas / "hello.py").write_text("def handler(event, context):\n    return 1\n")
    (lambdas / "capturar_iss.py").write_text("import json\n")
    (lambdas / "hello.zip").write_bytes(b"not ours")
    return tmp_path / "lab"


def entries(archive: Path) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(archive) as opened:
        return opened.infolist()


def test_builds_one_zip_per_module_into_build(lab: Path) -> None:
    built = zips.build_lambda_zips(lab)

    assert built == [lab / "build" / "capturar_iss.zip", lab / "build" / "hello.zip"]
    assert [info.filename for info in entries(lab / "build" / "hello.zip")] == ["hello.py"]


def test_zip_holds_the_source_bytes(lab: Path) -> None:
    zips.build_lambda_zips(lab)

    with zipfile.ZipFile(lab / "build" / "hello.zip") as opened:
        assert opened.read("hello.py") == (lab / "lambdas" / "hello.py").read_bytes()


def test_out_dir_is_honoured(lab: Path, tmp_path: Path) -> None:
    built = zips.build_lambda_zips(lab, tmp_path / "elsewhere")

    assert [path.name for path in built] == ["capturar_iss.zip", "hello.zip"]
    assert all(path.parent == tmp_path / "elsewhere" for path in built)
    assert not (lab / "build").exists()


def test_same_sources_give_identical_bytes(lab: Path, tmp_path: Path) -> None:
    first = zips.build_lambda_zips(lab, tmp_path / "first")
    # Different mtimes and a different umask must not leak into the archive.
    os.utime(lab / "lambdas" / "hello.py", (2_000_000_000, 2_000_000_000))
    (lab / "lambdas" / "hello.py").chmod(0o600)
    second = zips.build_lambda_zips(lab, tmp_path / "second")

    assert [path.read_bytes() for path in first] == [path.read_bytes() for path in second]


def test_changed_source_gives_different_bytes(lab: Path, tmp_path: Path) -> None:
    [_, before] = zips.build_lambda_zips(lab, tmp_path / "before")
    (lab / "lambdas" / "hello.py").write_text("def handler(event, context):\n    return 2\n")
    [_, after] = zips.build_lambda_zips(lab, tmp_path / "after")

    assert before.read_bytes() != after.read_bytes()


def test_entries_carry_the_zip_epoch_fixed_mode_and_deflate(lab: Path) -> None:
    zips.build_lambda_zips(lab)

    [info] = entries(lab / "build" / "hello.zip")
    assert info.date_time == (1980, 1, 1, 0, 0, 0)
    assert info.external_attr >> 16 == 0o100644
    assert info.create_system == 3
    assert info.compress_type == zipfile.ZIP_DEFLATED


def test_entries_are_sorted_by_name(tmp_path: Path) -> None:
    sources = []
    for name in ("b.py", "a.py", "c.py"):
        (tmp_path / name).write_text(f"# {name}\n")
        sources.append(tmp_path / name)

    zips.build_zip(sources, tmp_path / "out.zip")

    assert [info.filename for info in entries(tmp_path / "out.zip")] == ["a.py", "b.py", "c.py"]


def test_unchanged_zip_is_not_rewritten(lab: Path) -> None:
    [_, archive] = zips.build_lambda_zips(lab)
    os.utime(archive, (1_000_000_000, 1_000_000_000))

    zips.build_lambda_zips(lab)

    assert archive.stat().st_mtime == 1_000_000_000


def test_changed_zip_is_rewritten(lab: Path) -> None:
    [_, archive] = zips.build_lambda_zips(lab)
    os.utime(archive, (1_000_000_000, 1_000_000_000))
    (lab / "lambdas" / "hello.py").write_text("x = 1\n")

    zips.build_lambda_zips(lab)

    assert archive.stat().st_mtime != 1_000_000_000
    assert sorted(path.name for path in archive.parent.iterdir()) == [
        "capturar_iss.zip", "hello.zip"]


def test_filebase64sha256_matches_terraform_known_values(tmp_path: Path) -> None:
    empty, abc = tmp_path / "empty", tmp_path / "abc"
    empty.write_bytes(b"")
    abc.write_bytes(b"abc")

    assert zips.filebase64sha256(empty) == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    assert zips.filebase64sha256(abc) == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="


def test_sha256_hex_is_sha256sum_output(tmp_path: Path) -> None:
    (tmp_path / "abc").write_bytes(b"abc")

    assert zips.sha256_hex(tmp_path / "abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")


def test_refuses_inputs_over_the_size_limit(tmp_path: Path) -> None:
    huge = tmp_path / "huge.py"
    with huge.open("wb") as handle:  # sparse: the size is there, the disk blocks are not
        handle.truncate(zips.MAX_INPUT_BYTES + 1)

    with pytest.raises(IsslabError, match=r"refusing to zip 52428801 bytes: over the 52428800"):
        zips.build_zip([huge], tmp_path / "huge.zip")
    assert not (tmp_path / "huge.zip").exists()


def test_refuses_symbolic_links(lab: Path, tmp_path: Path) -> None:
    (tmp_path / "secret").write_text("password\n")
    (lab / "lambdas" / "leak.py").symlink_to(tmp_path / "secret")

    with pytest.raises(IsslabError, match=r"leak\.py: it is a symbolic link"):
        zips.build_lambda_zips(lab)


def test_refuses_two_files_with_one_name(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "hello.py").write_text("")

    with pytest.raises(IsslabError, match=r"two files named hello\.py for one zip"):
        zips.build_zip([tmp_path / "a" / "hello.py", tmp_path / "b" / "hello.py"],
                       tmp_path / "out.zip")


def test_lab_without_lambdas_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(IsslabError, match=r"no Lambda modules to build: .*lambdas has no \.py"):
        zips.build_lambda_zips(tmp_path)


def test_reference_lambdas_build_and_match_their_sources(tmp_path: Path) -> None:
    built = zips.build_lambda_zips(reference_root(), tmp_path)

    assert [path.name for path in built] == ["capturar_iss.zip", "hello.zip"]
    with zipfile.ZipFile(built[0]) as opened:
        assert opened.namelist() == ["capturar_iss.py"]
        assert opened.read("capturar_iss.py") == (
            reference_root() / "lambdas" / "capturar_iss.py").read_bytes()


def test_build_command_prints_sha256_and_path_of_each_zip(
        lab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["build", str(lab)]) == 0

    built = [lab / "build" / "capturar_iss.zip", lab / "build" / "hello.zip"]
    assert capsys.readouterr().out.splitlines() == [
        f"{zips.sha256_hex(path)}  {path}" for path in built]


def test_build_command_rejects_a_missing_folder(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["build", str(tmp_path / "nope")]) == 2

    assert capsys.readouterr().err == f"isslab: not a folder: {tmp_path / 'nope'}\n"
