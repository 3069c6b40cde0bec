"""`python -m bot export-hsds` and `import-hsds`, run as staff would run them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.cli import run_bot
from tests.interop.hsds_schemas import EXAMPLES


def test_export_then_import_then_validate(tmp_path: Path, import_dir: Path) -> None:
    exported = run_bot("export-hsds", str(tmp_path / "hsds"))
    assert exported.returncode == 0, exported.stdout + exported.stderr
    assert "30 services, 30 organizations, 13 taxonomy terms as HSDS 3.0 JSON" in exported.stdout
    services = json.loads((tmp_path / "hsds" / "services.json").read_text(encoding="utf-8"))
    assert services["total_items"] == 30

    out = import_dir / "imported.yaml"
    imported = run_bot(
        "import-hsds", str(tmp_path / "hsds"), str(out), "--resources", str(import_dir)
    )
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert f"{out}: 30 of 30 services from JSON directory hsds" in imported.stdout
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=schema.json\n# Imported on ")
    assert text.count("needs_review: true") == 30

    validated = run_bot("validate", str(import_dir))
    assert validated.returncode == 0, validated.stdout
    assert "30 resources, 7 categories, 3 regions; 0 errors" in validated.stdout


def test_import_the_csv_example_beside_the_shipped_files(import_dir: Path) -> None:
    out = import_dir / "csv.yaml"
    result = run_bot("import-hsds", str(EXAMPLES / "csv"), str(out), "--inactive")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "note: datapackage.json is not a package descriptor" in result.stdout
    assert "status: inactive" in out.read_text(encoding="utf-8")
    validated = run_bot("validate", str(import_dir))
    assert validated.returncode == 0, validated.stdout
    assert "0 errors" in validated.stdout


def test_import_refuses_to_overwrite_without_force(import_dir: Path) -> None:
    out = import_dir / "regions.yaml"
    before = out.read_text(encoding="utf-8")
    result = run_bot("import-hsds", str(EXAMPLES / "service_full.json"), str(out))
    assert result.returncode == 1
    assert "exists; choose another name or pass --force" in result.stdout
    assert out.read_text(encoding="utf-8") == before


def test_reimporting_over_the_same_file_keeps_its_ids(import_dir: Path) -> None:
    out = import_dir / "imported.yaml"
    args = (
        "import-hsds",
        str(EXAMPLES / "service_full.json"),
        str(out),
        "--resources",
        str(import_dir),
    )
    assert run_bot(*args).returncode == 0
    again = run_bot(*args, "--force")
    assert again.returncode == 0, again.stdout
    assert "id: community-counselling\n" in out.read_text(encoding="utf-8")


def test_nothing_to_import_is_a_failure(tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    result = run_bot("import-hsds", str(EXAMPLES / "taxonomy_list.json"), str(out))
    assert result.returncode == 1
    assert "no HSDS services found" in result.stdout
    assert not out.exists()
    missing = run_bot("import-hsds", str(tmp_path / "nope"), str(out))
    assert missing.returncode == 1
    assert "no such file or directory" in missing.stdout
    unknown = run_bot(
        "import-hsds", str(EXAMPLES / "service_full.json"), str(out), "--default-category", "food"
    )
    assert unknown.returncode == 1
    assert "--default-category 'food' is not one of: hotline, legal" in unknown.stdout


def test_export_refuses_a_broken_directory(import_dir: Path, tmp_path: Path) -> None:
    (import_dir / "broken.yaml").write_text("resources:\n  - id: x\n", encoding="utf-8")
    result = run_bot("export-hsds", str(tmp_path / "out"), "--resources", str(import_dir))
    assert result.returncode == 1
    assert "fix the errors first" in result.stdout
    assert not (tmp_path / "out").exists()
