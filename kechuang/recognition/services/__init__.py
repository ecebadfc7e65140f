"""Writes of the recognition workflow.  ``application_transition`` is the one way to move an application.

Every move: permission by actor kind (applicant admin or officer of the scheme's department and region),
the ``TRANSITIONS`` table via the core kernel (status-change row + audit row), optimistic locking on
``version``, and the side effects of the target state (snapshot, panel, quota, publicity window,
certificate, carrier), all in one transaction so nothing is half-written.

One module a subject; callers use this package (``from kechuang.recognition import services``):
:mod:`.schemes` (schemes and calls), :mod:`.eligibility` (who may apply), :mod:`.applications` (drafts and
attachments), :mod:`.nominations` (a unit nominates an organization), :mod:`.transitions` (every move of an application), :mod:`.objections` (publicity
objections and re-evaluation).
"""

from kechuang.recognition.services.applications import (
    ATTACHMENT_EXTENSIONS,
    MAX_ATTACHMENT_BYTES,
    application_create,
    application_update,
    attachment_add,
    attachment_delete,
)
from kechuang.recognition.services.eligibility import eligibility_check
from kechuang.recognition.services.nominations import application_nominate
from kechuang.recognition.services.objections import objection_lodge, objection_resolve, re_evaluation_decide
from kechuang.recognition.services.schemes import (
    call_create,
    call_transition,
    scheme_create,
    scheme_problems,
    scheme_set_active,
    scheme_update,
)
from kechuang.recognition.services.transitions import (
    BulkResult,
    application_bulk_transition,
    application_transition,
)

__all__ = [
    "ATTACHMENT_EXTENSIONS",
    "MAX_ATTACHMENT_BYTES",
    "BulkResult",
    "application_bulk_transition",
    "application_create",
    "application_nominate",
    "application_transition",
    "application_update",
    "attachment_add",
    "attachment_delete",
    "call_create",
    "call_transition",
    "eligibility_check",
    "objection_lodge",
    "objection_resolve",
    "re_evaluation_decide",
    "scheme_create",
    "scheme_problems",
    "scheme_set_active",
    "scheme_update",
]
