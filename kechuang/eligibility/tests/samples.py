"""Sample rule files of the engine's own tests (copies of three of the platform's rules, frozen here so
the engine's tests do not change when the policies app edits its rule files)."""

from pathlib import Path

from kechuang.eligibility import load_library_in

SAMPLES = Path(__file__).parent / "rules"
SRDI = SAMPLES / "specialized-sme.yaml"
HNTE_INCOME_TAX = SAMPLES / "hnte-income-tax.yaml"


def library():  # type: ignore[no-untyped-def]
    return load_library_in(SAMPLES)
