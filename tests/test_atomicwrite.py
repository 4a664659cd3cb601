"""Files written whole or not at all (degreefit/atomicwrite.py): no temporary file left behind, the
mode of the file replaced kept, a link followed or replaced as asked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from degreefit.atomicwrite import AtomicFile, usual_mode, write_atomically


def current_umask() -> int:
    """The process's umask, read without changing it for long."""
    umask = os.umask(0)
    os.umask(umask)
    return umask


def test_a_new_file_holds_the_text_and_nothing_else_is_left(tmp_path: Path) -> None:
    """The text lands in the file named; no temporary file is left beside it."""
    target = tmp_path / "answers.json"
    write_atomically(target, '{"career_stage": "mid"}\n')
    assert target.read_text(encoding="utf-8") == '{"career_stage": "mid"}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["answers.json"]


def test_text_is_written_as_utf8_with_its_line_ends_untouched(tmp_path: Path) -> None:
    """The bytes are UTF-8 and a \\r\\n stays \\r\\n: nothing is translated on the way."""
    target = tmp_path / "report.csv"
    write_atomically(target, "MMM,“lead”\r\n")
    assert target.read_bytes() == "MMM,“lead”\r\n".encode()


def test_a_new_file_gets_the_usual_mode_not_a_private_one(tmp_path: Path) -> None:
    """A new file is readable as any file made here would be (0666 less the umask), not 0600."""
    target = tmp_path / "new.json"
    write_atomically(target, "{}")
    assert target.stat().st_mode & 0o777 == usual_mode()
    assert usual_mode() == 0o666 & ~current_umask()


@pytest.mark.parametrize("mode", [0o600, 0o644])
def test_replacing_a_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    """A private file (0600) stays private, and a shared one (0644) shared, when written again."""
    target = tmp_path / "answers.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(mode)
    write_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == mode
    assert [p.name for p in tmp_path.iterdir()] == ["answers.json"]


def test_missing_folders_are_made(tmp_path: Path) -> None:
    """Writing to a path whose folders do not exist yet makes them."""
    target = tmp_path / "out" / "2026" / "cohort.jsonl"
    write_atomically(target, "{}\n")
    assert target.read_text(encoding="utf-8") == "{}\n"


def test_a_link_is_followed_by_default(tmp_path: Path) -> None:
    """Writing through a symlink writes the file it names and leaves the link a link."""
    real = tmp_path / "kept" / "mine.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "mine.json"
    link.symlink_to(real)
    write_atomically(link, "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in real.parent.iterdir()) == ["mine.json"]


def test_a_link_is_replaced_not_written_through_when_told(tmp_path: Path) -> None:
    """With follow_links=False the link itself becomes the file; what it pointed at is untouched."""
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "resume.json"
    link.symlink_to(victim)
    write_atomically(link, "{}", follow_links=False)
    assert not link.is_symlink()
    assert link.read_text(encoding="utf-8") == "{}"
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_a_failed_write_leaves_the_old_file_whole(tmp_path: Path) -> None:
    """Text that cannot be written leaves the file as it was and no temporary file behind."""
    target = tmp_path / "answers.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(target, "half \udc80 written")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["answers.json"]


def test_an_abandoned_file_leaves_nothing(tmp_path: Path) -> None:
    """An AtomicFile given up before its commit changes nothing on disk."""
    target, out = _new_text_over_old(tmp_path)
    assert not out.in_place
    out.abandon()
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_nothing_shows_at_the_path_until_the_commit(tmp_path: Path) -> None:
    """Until commit the old text stays readable at the path; after it, the new text is there."""
    target, out = _new_text_over_old(tmp_path)
    out.stream.flush()
    assert target.read_text(encoding="utf-8") == "old"
    out.commit()
    assert target.read_text(encoding="utf-8") == "new"


def test_a_commit_can_put_the_file_beside_its_path(tmp_path: Path) -> None:
    """commit(target) puts the text at another name in the same folder; the path is left alone."""
    out = AtomicFile(tmp_path / "cohort.csv")
    out.stream.write("partial")
    out.commit(tmp_path / "cohort.csv.partial")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cohort.csv.partial"]
    assert (tmp_path / "cohort.csv.partial").read_text(encoding="utf-8") == "partial"


def test_a_folder_cannot_be_written_over(tmp_path: Path) -> None:
    """Writing to a path that is a folder fails with IsADirectoryError and leaves the folder as it was."""
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(IsADirectoryError):
        write_atomically(folder, "text")
    assert list(folder.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


@pytest.mark.usefixtures("umask_022")
def test_a_new_file_gets_the_mode_asked_for(tmp_path: Path) -> None:
    """A new file written with mode=0o600 is readable by its owner only, whatever the umask allows."""
    target = tmp_path / "answers.json"
    write_atomically(target, "{}", mode=0o600)
    assert target.stat().st_mode & 0o777 == 0o600


@pytest.mark.usefixtures("umask_022")
def test_a_replaced_file_keeps_its_mode_over_the_mode_asked_for(tmp_path: Path) -> None:
    """mode= is for new files: a file that is there keeps its own (a person chose it)."""
    assert _mode_after_writing_over(tmp_path / "answers.json", 0o640, mode=0o600) == 0o640


@pytest.mark.usefixtures("umask_022")
def test_keep_mode_false_gives_every_file_the_mode_asked_for(tmp_path: Path) -> None:
    """With keep_mode=False (degreefit's own files) a file readable by all becomes private."""
    assert _mode_after_writing_over(tmp_path / "resume.json", 0o644, mode=0o600, keep_mode=False) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["resume.json"]


def _new_text_over_old(tmp_path: Path) -> tuple[Path, AtomicFile]:
    """report.txt holding "old", and an AtomicFile for it that has been given "new"."""
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")
    out = AtomicFile(target)
    out.stream.write("new")
    return target, out


def _mode_after_writing_over(target: Path, was: int, *, mode: int, keep_mode: bool = True) -> int:
    """The mode of `target`, a file of mode `was`, once write_atomically(mode=, keep_mode=) wrote it
    again."""
    target.write_text("old", encoding="utf-8")
    target.chmod(was)
    write_atomically(target, "new", mode=mode, keep_mode=keep_mode)
    assert target.read_text(encoding="utf-8") == "new"
    return target.stat().st_mode & 0o777
