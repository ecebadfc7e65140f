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
from kechuang.programs.services.funding import (
    application_bulk_transition,
    call_funding_summary,
    call_issue,
    funding_decide,
    objection_answer,
    objection_lodge,
    publicity_start,
)
from kechuang.programs.services.recommenders import recommender_add, recommender_for, recommender_remove
from kechuang.programs.services.review import (
    call_review_scheme_set,
    review_indicators,
    review_results_collect,
)
from kechuang.programs.services.transitions import application_transition, issue_blocker, project_transition

__all__ = [
    "applicant_organization",
    "application_bulk_transition",
    "application_create",
    "application_problems",
    "application_submit",
    "application_transition",
    "application_update",
    "call_close",
    "call_create",
    "call_funding_summary",
    "call_issue",
    "call_publish",
    "call_review_scheme_set",
    "duplicate_check",
    "duplicate_flag_decide",
    "funding_decide",
    "issue_blocker",
    "objection_answer",
    "objection_lodge",
    "program_type_create",
    "project_transition",
    "publicity_start",
    "recommender_add",
    "recommender_for",
    "recommender_remove",
    "review_indicators",
    "review_results_collect",
    "topic_add",
]
