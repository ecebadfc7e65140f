"""Sample rule files of the engine's own tests (copies of three of the platform's rules, frozen here so
the engine's tests do not change when the policies app edits its rule files)."""

from pathlib import Path

from kechuang.eligibility import load_library_in

SAMPLES = Path(__file__).parent / "rules"
SRDI = SAMPLES / "specialized-sme.yaml"
HNTE_INCOME_TAX = SAMPLES / "hnte-income-tax.yaml"


def library():  # type: ignore[no-untyped-def]
    return load_library_in(SAMPLES)


def small_enterprise_facts(directory: Path) -> Path:
    """A facts file for the command line: a small enterprise 2025 R&D short of 专精特新's 100万元."""
    facts = directory / "f.yaml"
    facts.write_text(
        "kind: enterprise\nsize: small\nfounded_on: 2020-01-01\n"
        "stats: {2025: {revenue: 20000000, rd_expenditure: 800000}}\n",
        encoding="utf-8",
    )
    return facts
