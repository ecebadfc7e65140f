"""Every write of the policies app: loading documents and measures, pushes, claims, disbursements.

Keyword-only arguments, one transaction each, ``full_clean()`` before saving and an audit record in the
same transaction. Errors the user can act on are :class:`ApplicationError` with a translated message.

One module a subject; callers use this package (``from kechuang.policies import services``):

* :mod:`.measures` — loading documents, rule files and an officer's rule edits (parsing is
  :mod:`kechuang.policies.rules`);
* :mod:`.statistics` — the yearly policy figures an organisation declares;
* :mod:`.pushes` — pushing a measure to the organisations that qualify;
* :mod:`.background` — starting the work a page hands to a task worker (a large push, a qualification
  run); not re-exported here, as it imports :mod:`kechuang.policies.tasks`, which uses this package;
* :mod:`.auto_claims` — 免申即享 claims generated for an automatic measure;
* :mod:`.claims` and :mod:`.disbursements` — an organisation's claim from start to payment.
"""

from kechuang.policies.rules import parse_rule, rule_not_computed
from kechuang.policies.services.auto_claims import auto_claims_generate, auto_claims_generate_many
from kechuang.policies.services.claims import (
    can_review,
    claim_review,
    claim_start,
    claim_submit,
    claim_withdraw,
    claims_review_bulk,
)
from kechuang.policies.services.disbursements import disbursement_record
from kechuang.policies.services.documents import document_create, document_update
from kechuang.policies.services.measures import (
    documents_load,
    measure_create,
    measure_rule_restore,
    measure_rule_update,
    measure_save_rule,
    measure_set_status,
    measures_sync,
)
from kechuang.policies.services.pushes import push_run, push_send, push_targets
from kechuang.policies.services.statistics import policy_statistics_upsert

__all__ = [
    "auto_claims_generate",
    "auto_claims_generate_many",
    "can_review",
    "claim_review",
    "claim_start",
    "claim_submit",
    "claim_withdraw",
    "claims_review_bulk",
    "disbursement_record",
    "document_create",
    "document_update",
    "documents_load",
    "measure_create",
    "measure_rule_restore",
    "measure_rule_update",
    "measure_save_rule",
    "measure_set_status",
    "measures_sync",
    "parse_rule",
    "policy_statistics_upsert",
    "push_run",
    "push_send",
    "push_targets",
    "rule_not_computed",
]
