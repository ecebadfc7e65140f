"""Three-valued evaluation, explanation trees and the smallest qualifying change.

``evaluate`` answers True / False / None (unknown) fast; ``explain`` returns the whole tree of
:class:`Step` with the actual value next to the threshold, the missing facts when the answer is
unknown, and for a failed rule the smallest set of :class:`Change` that would make it pass, where
that can be computed.

Each part is a module of its own — :mod:`.threevalued` (the evaluator), :mod:`.explain` (steps and
changes), :mod:`.changes` (the change finder); this module gathers them under their historical names.
"""

from .changes import ChangeFinder, smallest_change
from .explain import MARK, Change, Explainer, Step, explain_tree, label_of
from .threevalued import (
    ELIGIBLE,
    INELIGIBLE,
    STATUS,
    STATUS_ZH,
    UNKNOWN,
    Evaluator,
    compare,
    designation_valid,
    evaluate,
)

__all__ = [
    "ELIGIBLE",
    "INELIGIBLE",
    "MARK",
    "STATUS",
    "STATUS_ZH",
    "UNKNOWN",
    "Change",
    "ChangeFinder",
    "Evaluator",
    "Explainer",
    "Step",
    "compare",
    "designation_valid",
    "evaluate",
    "explain_tree",
    "label_of",
    "smallest_change",
]
