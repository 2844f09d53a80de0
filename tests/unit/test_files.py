"""Files written outside the database are whole or absent."""

from __future__ import annotations

import pytest

from desktop.core import files


def test_write_atomic_replaces_whole(tmp_path):
    target = tmp_path / "brieven.pdf"
    target.write_bytes(b"oud")
    files.write_atomic(target, b"%PDF-nieuw%%EOF")
    assert target.read_bytes() == b"%PDF-nieuw%%EOF"
    assert list(tmp_path.iterdir()) == [target]  # no '.deel' left


def test_a_failed_write_leaves_the_old_file_and_no_partial(tmp_path, monkeypatch):
    target = tmp_path / "brieven.pdf"
    target.write_bytes(b"oud")

    def no_space(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", no_space)
    with pytest.raises(OSError):
        files.write_atomic(target, b"%PDF-nieuw")
    assert target.read_bytes() == b"oud"
    assert list(tmp_path.iterdir()) == [target]
