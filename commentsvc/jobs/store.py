"""Files of the jobs under JOBS_DIR: finished results (results/), rendered PDF parts and their HTML (parts/), and
which result the sources of a job became (sources/), and uploaded files waiting for an import job (uploads/).

Every file is written to a temporary name and renamed into place, so a worker killed while writing leaves no half
file that could be served or joined. Results and parts are named by the hash of what they show: a second export of
the same content finds them. `clean` removes what nobody asked for in JOB_RESULT_HOURS.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

RESULTS = "results"
PARTS = "parts"
SOURCES = "sources"  # what a cheap fingerprint of a job's sources (jobs.kinds.Kind.source) was made into
UPLOADS = "uploads"  # files uploaded for an import job, until its worker has read them


class Store:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    def path(self, folder: str, name: str) -> Path:
        if "/" in name or name.startswith("."):  # names are hashes and extensions, never paths
            raise ValueError(f"bad stored file name {name!r}")
        return self.root / folder / name

    def exists(self, folder: str, name: str) -> bool:
        return bool(name) and self.path(folder, name).is_file()

    def read(self, folder: str, name: str) -> bytes:
        return self.path(folder, name).read_bytes()

    def write(self, folder: str, name: str, data: bytes) -> Path:
        target = self.path(folder, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        with open(temporary, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
        return target

    def remove(self, folder: str, name: str) -> None:
        self.path(folder, name).unlink(missing_ok=True)

    def touch(self, folder: str, name: str) -> None:
        """Mark a stored file as used now, so that cleaning keeps it."""
        os.utime(self.path(folder, name))

    def clean(self, max_age_seconds: float, now: float | None = None) -> int:
        """Remove files (and temporaries left by killed workers) not used for ``max_age_seconds``."""
        now = time.time() if now is None else now
        removed = 0
        for folder in (RESULTS, PARTS, SOURCES, UPLOADS):
            directory = self.root / folder
            if not directory.is_dir():
                continue
            for path in directory.iterdir():
                try:
                    if now - path.stat().st_mtime > max_age_seconds:
                        path.unlink()
                        removed += 1
                except FileNotFoundError:
                    pass
        return removed
