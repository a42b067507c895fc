"""Files that appear whole or not at all: written beside their target, then renamed over it.

A reader (another worker, a backup, a download) never sees half a PDF, font or database
copy, and a failed write leaves the old file, or none, in place.
"""

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A fresh temporary path in `target`'s folder (unique per process and thread); when the
    block ends normally it is renamed over `target`, otherwise it is removed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomically(target: Path, data: bytes, *, durable: bool = False) -> None:
    """Write `data` to `target` atomically; `durable` also syncs it to disk before the
    rename (finalised documents, which must survive a power cut)."""
    with replacing(target) as tmp, tmp.open("wb") as handle:
        handle.write(data)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())
