"""Every write of the programs app.  Import from here: ``from kechuang.programs import services``."""

from kechuang.programs.services.applications import (
    applicant_organization,
    application_create,
    application_problems,
    application_submit,
    application_update,
)
from kechuang.programs.services.calls import (
    call_close,
    call_create,
    call_publish,
    program_type_create,
    topic_add,
)
from kechuang.programs.services.duplicates import duplicate_check, duplicate_flag_decide
from kechuang.programs.services.transitions import application_transition, project_transition

__all__ = [
    "applicant_organization",
    "application_create",
    "application_problems",
    "application_submit",
    "application_transition",
    "application_update",
    "call_close",
    "call_create",
    "call_publish",
    "duplicate_check",
    "duplicate_flag_decide",
    "program_type_create",
    "project_transition",
    "topic_add",
]
