"""bot/staff_files/folder_guard.py: a link out of resources/ or conversations/ is not read.

Regression: resources/extra.yaml linked to a secret file elsewhere was read, and its keys (a
password's name among them) were printed as "unknown section" errors and logged by reloads.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.content import load_content
from bot.directory.load import load_directory
from bot.staff_files.folder_guard import OUTSIDE_FOLDER
from tests.helpers.cli import ROOT, run_bot
from tests.helpers.yaml_directory import entry, write_directory

SECRET = "db_password_7f3a: hunter2-never-shown\n"


def secret_file(tmp_path: Path) -> Path:
    secret = tmp_path / "elsewhere" / "secrets.yaml"
    secret.parent.mkdir()
    secret.write_text(SECRET)
    return secret


def test_a_link_out_of_resources_is_refused_unread(tmp_path: Path) -> None:
    resources = write_directory(tmp_path, [entry("a")])
    (resources / "extra.yaml").symlink_to(secret_file(tmp_path))
    report = load_directory(resources).report
    assert [(e.path.name, e.message) for e in report.errors] == [("extra.yaml", OUTSIDE_FOLDER)]
    shown = run_bot("validate", str(resources))
    assert shown.returncode == 1
    assert "extra.yaml: the file is a link to somewhere outside its folder" in shown.stdout
    assert "db_password" not in shown.stdout + shown.stderr
    assert "hunter2" not in shown.stdout + shown.stderr


def test_a_link_out_of_the_conversations_is_refused_unread(tmp_path: Path) -> None:
    conversations = tmp_path / "conversations"
    shutil.copytree(ROOT / "conversations", conversations)
    locale = conversations / "locales" / "es.yaml"
    locale.unlink()
    locale.symlink_to(secret_file(tmp_path))
    result = load_content(ROOT / "resources", conversations)
    assert result.content is None
    assert any(e.path == locale and e.message == OUTSIDE_FOLDER for e in result.report.problems), (
        result.report.errors
    )
    assert not any("db_password" in str(problem) for problem in result.report.problems)


def test_links_inside_the_folder_are_read_as_a_configmap_mounts_them(tmp_path: Path) -> None:
    """Kubernetes mounts each file as a link into a hidden folder beside it."""
    shipped = write_directory(tmp_path / "shipped", [entry("a")])
    resources = tmp_path / "resources"
    hidden = resources / "..2026_01_01" / "files"
    shutil.copytree(shipped, hidden)
    (resources / "..data").symlink_to(hidden.relative_to(resources))
    for file in hidden.iterdir():
        (resources / file.name).symlink_to(Path("..data") / file.name)
    volume = tmp_path / "volume"
    volume.symlink_to(resources)  # and the folder itself may be a link
    result = load_directory(volume)
    assert result.report.errors == []
    assert result.directory is not None
    assert [r.id for r in result.directory.resources] == ["a"]
