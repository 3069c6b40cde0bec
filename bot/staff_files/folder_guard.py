"""Content files are read only from inside their own folder.

A symbolic link in resources/ to a file elsewhere (a mounted secret, another service's
configuration) would be read, and its keys named in the errors and logs ("unknown section
'db_password'"). So a file whose real location is not inside its folder's real location is
refused unread. Links that stay inside are fine: a Kubernetes ConfigMap mounts each file as a
link into a hidden folder beside it (`national.yaml -> ..data/national.yaml`), and the folder
itself may be a link (RESOURCES_DIR pointing at a mounted volume).
"""

from __future__ import annotations

from pathlib import Path

OUTSIDE_FOLDER = (
    "the file is a link to somewhere outside its folder: not read (copy the file into the "
    "folder instead)"
)


def inside_its_folder(path: Path) -> bool:
    """Whether `path`, links followed, lies inside the folder that lists it."""
    try:
        real = path.resolve(strict=True)
        folder = path.parent.resolve(strict=True)
    except (OSError, RuntimeError):  # missing, or a loop of links: reading it will say so
        return True
    return real.is_relative_to(folder)
