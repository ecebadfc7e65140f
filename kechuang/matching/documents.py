"""The engine's input record and its structured attributes."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kechuang.matching.errors import DocumentError

# Text fields, in index order, with their BM25F-style weights.
TEXT_FIELDS: dict[str, float] = {
    "title": 2.0,
    "keywords": 1.5,
    "abstract": 1.0,
    "organization": 0.6,
    "industry_name": 0.6,
}
MATURITY_LEVELS = ("lab", "pilot", "industrial")
MAX_TEXT_CHARS = 100_000


@dataclass(frozen=True)
class Document:
    """One searchable item: an achievement, a demand, an expert or an organization.

    ``abstract`` holds the body text (abstract, problem description, expert profile).  Codes:
    ``industry`` GB/T 4754-2017 (``C3311`` or ``3311``), ``region`` GB/T 2260 (``220102``),
    ``maturity`` one of ``lab``/``pilot``/``industrial``, ``trl`` 1–9.
    """

    id: str
    title: str | None = None
    abstract: str | None = None
    keywords: tuple[str, ...] = ()
    organization: str | None = None
    industry: str | None = None
    industry_name: str | None = None
    region: str | None = None
    maturity: str | None = None
    trl: int | None = None
    transfer_modes: tuple[str, ...] = ()
    org_kind: str | None = None
    kind: str | None = None
    field: str | None = None  # the discipline or industry it is filed under (a label, free text)
    extra: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def text_of(self, name: str) -> str:
        if name == "keywords":
            return " ; ".join(self.keywords)
        value = getattr(self, name)
        return value or ""

    def attrs(self) -> dict[str, Any]:
        """Structured attributes, JSON-serialisable, used for filters and explanations."""
        return {
            "industry": self.industry or "",
            "region": self.region or "",
            "maturity": self.maturity or "",
            "trl": self.trl or 0,
            "transfer_modes": list(self.transfer_modes),
            "org_kind": self.org_kind or "",
            "kind": self.kind or "",
            "field": self.field or "",
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Document:
        """Build and validate a document from a plain mapping (e.g. one JSONL line).

        Unknown keys are ignored; ``description`` is accepted as a synonym of ``abstract``.
        """
        if not isinstance(data, Mapping):
            raise DocumentError("document must be a JSON object")
        doc_id = data.get("id")
        if isinstance(doc_id, int) and not isinstance(doc_id, bool):
            doc_id = str(doc_id)
        if not isinstance(doc_id, str) or not doc_id.strip():
            raise DocumentError("document needs a non-empty string 'id'")
        values: dict[str, Any] = {"id": doc_id.strip()}
        abstract = data.get("abstract")
        if abstract is None:
            abstract = data.get("description")
        for name, value in (
            ("title", data.get("title")),
            ("abstract", abstract),
            ("organization", data.get("organization")),
            ("industry", data.get("industry")),
            ("industry_name", data.get("industry_name")),
            ("region", data.get("region")),
            ("maturity", data.get("maturity")),
            ("org_kind", data.get("org_kind")),
            ("kind", data.get("kind")),
            ("field", data.get("field")),
        ):
            if value is None:
                continue
            if not isinstance(value, str):
                raise DocumentError(f"field '{name}' must be a string or null")
            if len(value) > MAX_TEXT_CHARS:
                raise DocumentError(f"field '{name}' is longer than {MAX_TEXT_CHARS} characters")
            values[name] = value
        for name in ("keywords", "transfer_modes"):
            value = data.get(name)
            if value is None:
                continue
            if isinstance(value, str) or not isinstance(value, Sequence):
                raise DocumentError(f"field '{name}' must be a list of strings or null")
            if not all(isinstance(v, str) for v in value):
                raise DocumentError(f"field '{name}' must be a list of strings or null")
            values[name] = tuple(v for v in value if v.strip())
        trl = data.get("trl")
        if trl is not None:
            if isinstance(trl, bool) or not isinstance(trl, int) or not 1 <= trl <= 9:
                raise DocumentError("field 'trl' must be an integer from 1 to 9 or null")
            values["trl"] = trl
        maturity = values.get("maturity")
        if maturity is not None and maturity not in MATURITY_LEVELS:
            raise DocumentError(f"field 'maturity' must be one of {', '.join(MATURITY_LEVELS)}")
        extra = data.get("extra")
        if isinstance(extra, Mapping):
            values["extra"] = dict(extra)
        return cls(**values)
