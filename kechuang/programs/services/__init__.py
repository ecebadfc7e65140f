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
from kechuang.programs.services.execution_acceptance import (
    acceptance_apply,
    acceptance_decide,
    acceptance_panel,
    project_achievement_publish,
)
from kechuang.programs.services.execution_changes import (
    change_decide,
    change_request_submit,
    change_withdraw,
)
from kechuang.programs.services.execution_contract import (
    contract_confirm,
    contract_goals_update,
    contract_prepare,
    contract_return,
    contract_sign,
    milestone_add,
    milestone_remove,
)
from kechuang.programs.services.execution_funds import (
    disbursement_record,
    project_terminate,
    refund_record,
)
from kechuang.programs.services.execution_library import (
    ProjectImportFailed,
    project_archive_create,
    project_import,
    project_list_create,
    project_list_revise,
)
from kechuang.programs.services.execution_outputs import (
    project_contract_link,
    project_output_unlink,
    project_patent_link,
)
from kechuang.programs.services.execution_reports import (
    midterm_panel,
    project_supervise,
    report_resubmit,
    report_review,
    report_submit,
)
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
from kechuang.programs.services.reserve import (
    higher_outcome,
    higher_recommend,
    reserve_from_application,
    reserve_register,
    reserve_remove,
)
from kechuang.programs.services.review import (
    call_review_scheme_set,
    review_indicators,
    review_results_collect,
)
from kechuang.programs.services.transitions import application_transition, issue_blocker, project_transition

__all__ = [
    "ProjectImportFailed",
    "acceptance_apply",
    "acceptance_decide",
    "acceptance_panel",
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
    "change_decide",
    "change_request_submit",
    "change_withdraw",
    "contract_confirm",
    "contract_goals_update",
    "contract_prepare",
    "contract_return",
    "contract_sign",
    "disbursement_record",
    "duplicate_check",
    "duplicate_flag_decide",
    "funding_decide",
    "higher_outcome",
    "higher_recommend",
    "issue_blocker",
    "midterm_panel",
    "milestone_add",
    "milestone_remove",
    "objection_answer",
    "objection_lodge",
    "program_type_create",
    "project_achievement_publish",
    "project_archive_create",
    "project_contract_link",
    "project_import",
    "project_list_create",
    "project_list_revise",
    "project_output_unlink",
    "project_patent_link",
    "project_supervise",
    "project_terminate",
    "project_transition",
    "publicity_start",
    "recommender_add",
    "recommender_for",
    "recommender_remove",
    "refund_record",
    "report_resubmit",
    "report_review",
    "report_submit",
    "reserve_from_application",
    "reserve_register",
    "reserve_remove",
    "review_indicators",
    "review_results_collect",
    "topic_add",
]
