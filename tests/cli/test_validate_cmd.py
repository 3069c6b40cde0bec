"""`python -m bot validate` and `python -m bot schema`, run as a person would run them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.cli.validate_cmd import SCHEMA_FILES, schema_text, schemas
from bot.directory.load import yaml_files
from tests.helpers.cli import ROOT, run_bot

RESOURCES = ROOT / "resources"
SCHEMA_COMMENT = "# yaml-language-server: $schema=schema.json"


def test_the_shipped_directory_validates() -> None:
    result = run_bot("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stdout
    assert "Traceback" not in result.stderr


def test_errors_exit_1_and_name_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "resources"
    broken.mkdir()
    (broken / "categories.yaml").write_text((RESOURCES / "categories.yaml").read_text())
    (broken / "regions.yaml").write_text((RESOURCES / "regions.yaml").read_text())
    (broken / "legal.yaml").write_text(
        "resources:\n"
        "  - id: kcba-legal\n"
        "    name: KCBA\n"
        "    description: {en: Legal help., es: Ayuda legal.}\n"
        "    categories: [legal]\n"
        "    regions: [wa-king]\n"
        "    phones: [{number: '206-267-71000'}]\n"
        "    last_verified: 2026-01-01\n"
    )
    result = run_bot("validate", str(broken))
    assert result.returncode == 1
    assert (
        f"{broken / 'legal.yaml'}:7: kcba-legal: phones[0].number: "
        "'206-267-71000' is not a valid phone number"
    ) in result.stdout
    assert "Traceback" not in result.stderr


def test_strict_turns_warnings_into_failure(tmp_path: Path) -> None:
    directory = tmp_path / "resources"
    directory.mkdir()
    for name in ("categories.yaml", "regions.yaml"):
        (directory / name).write_text((RESOURCES / name).read_text())
    (directory / "old.yaml").write_text(
        "resources:\n"
        "  - id: old\n"
        "    name: Old\n"
        "    description: {en: Old., es: Viejo.}\n"
        "    categories: [legal]\n"
        "    regions: [us]\n"
        "    website: https://example.org\n"
        "    last_verified: 2020-01-01\n"
    )
    lenient = run_bot("validate", str(directory))
    strict = run_bot("validate", str(directory), "--strict")
    assert lenient.returncode == 0, lenient.stdout
    assert "warning:" in lenient.stdout
    assert strict.returncode == 1


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_the_committed_schemas_are_current(kind: str) -> None:
    committed = SCHEMA_FILES[kind].read_text(encoding="utf-8")
    assert committed == schema_text(schemas()[kind]), (
        f"{SCHEMA_FILES[kind]} is out of date: run `python -m bot schema` and commit it"
    )


def test_every_directory_file_names_the_schema_and_satisfies_it() -> None:
    schema = json.loads((RESOURCES / "schema.json").read_text(encoding="utf-8"))
    for path in yaml_files(RESOURCES):
        text = path.read_text(encoding="utf-8")
        assert text.startswith(SCHEMA_COMMENT + "\n"), f"{path.name} must start with the comment"
        document = yaml.safe_load(text)
        # Editors validate with the JSON Schema; dates are strings to them.
        as_json = json.loads(json.dumps(document, default=str))
        jsonschema.validate(as_json, schema)


def test_schema_check_passes_on_the_committed_files() -> None:
    result = run_bot("schema", "--check")
    assert result.returncode == 0, result.stdout


def test_every_conversation_file_names_its_schema_and_satisfies_it() -> None:
    conversations = ROOT / "conversations"
    checks = [
        (p, "situations.schema.json" if p.name == "situations.yaml" else "schema.json")
        for p in conversations.glob("*.yaml")
    ]
    checks += [(p, "../locale.schema.json") for p in (conversations / "locales").glob("*.yaml")]
    assert len(checks) >= 3
    for path, schema_name in checks:
        text = path.read_text(encoding="utf-8")
        assert text.startswith(f"# yaml-language-server: $schema={schema_name}\n"), path.name
        schema = json.loads((path.parent / schema_name).read_text(encoding="utf-8"))
        jsonschema.validate(json.loads(json.dumps(yaml.safe_load(text), default=str)), schema)
