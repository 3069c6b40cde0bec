"""Our two embedded HSDS taxonomies: the categories a person chooses from, and eligibility tags.

Each term's `code` is our own id, so an import of our export finds the category again exactly.
"""

from __future__ import annotations

from bot.directory.catalog import Directory
from bot.directory.models import EligibilityTag
from bot.interop.hsds import CATEGORY_TAXONOMY, ELIGIBILITY_TAXONOMY, Json, hsds_id


def category_taxonomy() -> Json:
    return {
        "id": hsds_id("taxonomy", "categories"),
        "name": CATEGORY_TAXONOMY,
        "description": "The kinds of help a person can choose from in the Safe Harbor bot. "
        "Each term's code is the category id.",
    }


def eligibility_taxonomy() -> Json:
    return {
        "id": hsds_id("taxonomy", "eligibility"),
        "name": ELIGIBILITY_TAXONOMY,
        "description": "Who a service in the Safe Harbor bot is for. Each term's code is the "
        "eligibility tag.",
    }


def category_term(directory: Directory, category_id: str) -> Json:
    category = directory.category_by_id[category_id]
    words = category.synonyms.by_language().get("en", ())
    return {
        "id": hsds_id("taxonomy_term", "category", category_id),
        "code": category_id,
        "name": category.label.en,
        "description": f"{category.label.en}: {', '.join(words)}" if words else category.label.en,
        "taxonomy": CATEGORY_TAXONOMY,
        "taxonomy_id": category_taxonomy()["id"],
        "language": "en",
    }


def eligibility_term(tag: EligibilityTag) -> Json:
    name = tag.value.replace("-", " ").capitalize()
    return {
        "id": hsds_id("taxonomy_term", "eligibility", tag.value),
        "code": tag.value,
        "name": name,
        "description": f"Who the service is for: {name.lower()}.",
        "taxonomy": ELIGIBILITY_TAXONOMY,
        "taxonomy_id": eligibility_taxonomy()["id"],
        "language": "en",
    }
