"""Files Koers writes outside its database (letters for the printer, exports): whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

PARTIAL_SUFFIX = ".deel"


def write_atomic(path: Path, data: bytes) -> None:
    """Written beside the target under a '.deel' name, flushed to the disk, then renamed: a crash or power cut
    leaves either the old file, or the new one whole, never half a PDF under the real name. A '.deel' left by a
    crash is removed at the next write to the same name."""
    tmp = path.with_name(path.name + PARTIAL_SUFFIX)
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):  # the rename itself survives a power cut once the folder is flushed (POSIX)
        folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
