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
from kechuang.programs.services.execution_reports import (
    midterm_panel,
    project_supervise,
    report_resubmit,
    report_review,
    report_submit,
)
from kechuang.programs.services.transitions import application_transition, project_transition

__all__ = [
    "ProjectImportFailed",
    "acceptance_apply",
    "acceptance_decide",
    "acceptance_panel",
    "applicant_organization",
    "application_create",
    "application_problems",
    "application_submit",
    "application_transition",
    "application_update",
    "call_close",
    "call_create",
    "call_publish",
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
    "midterm_panel",
    "milestone_add",
    "milestone_remove",
    "program_type_create",
    "project_achievement_publish",
    "project_archive_create",
    "project_import",
    "project_list_create",
    "project_list_revise",
    "project_supervise",
    "project_terminate",
    "project_transition",
    "refund_record",
    "report_resubmit",
    "report_review",
    "report_submit",
    "topic_add",
]
