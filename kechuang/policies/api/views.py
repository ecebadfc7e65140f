"""The policies REST API (/api/v1/policies/…): measures with explanations, “my policies”, who
qualifies, what-if, pushes, 免申即享 lists, claims and disbursements.

One class per operation with its serializers above it; views call selectors and services only.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer, KeysetPagination, paginated
from kechuang.core.dates import EARLIEST_DATE, LATEST_DATE, check_date_range, parse_iso_date
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import can
from kechuang.eligibility import RuleError
from kechuang.policies import selectors, services
from kechuang.policies.choices import ClaimStatus
from kechuang.policies.models import Claim, Disbursement, Measure

ON = OpenApiParameter(
    "on", OpenApiTypes.DATE, description=f"申请日 YYYY-MM-DD（{EARLIEST_DATE} 至 {LATEST_DATE}），默认今天"
)


def _checked(on: dt.date) -> dt.date:
    """An application date the user gave, refused outside the range the platform computes for."""
    return check_date_range(on, field="on", label=pgettext("field", "申请日"))


def _on(request: Request) -> dt.date:
    raw = request.query_params.get("on")
    if raw is None and isinstance(request.data, dict):
        raw = request.data.get("on")
    if raw is None:
        return selectors.today()
    on = parse_iso_date(raw)
    if on is None:  # "on=" too: a value the schema does not describe is refused, not read as "today"
        raise ApplicationError(_("申请日应当是 YYYY-MM-DD 格式的日期。"), extra={"field": "on"})
    return _checked(on)


class RuleApiView(APIView):
    """An operation that computes a measure's rule for an application date: a rule that cannot be
    computed for it is answered like any user error (400 and the envelope), never a 500."""

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, RuleError):
            exc = services.rule_not_computed(exc)
        return super().handle_exception(exc)


# --- measures ---------------------------------------------------------------------------------------


class MeasureOutput(serializers.ModelSerializer):
    document = serializers.CharField(source="document.__str__")
    source = serializers.SerializerMethodField()
    effective_from = serializers.SerializerMethodField()
    effective_to = serializers.SerializerMethodField()

    class Meta:
        model = Measure
        fields = ["id", "code", "title", "summary", "benefit_type", "benefit_text", "amount", "mode", "status",
                  "article", "document", "source", "department_name", "window_start", "window_end", "materials",
                  "effective_from", "effective_to"]  # fmt: skip

    def get_source(self, m: Measure) -> str:
        return m.rule.source.cite()

    def get_effective_from(self, m: Measure) -> dt.date | None:
        return m.rule.effective_from

    def get_effective_to(self, m: Measure) -> dt.date | None:
        return m.rule.effective_to


class MeasureListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses=MeasureOutput(many=True), summary="政策事项列表", operation_id="policies_measures_list"
    )
    def get(self, request: Request) -> Response:
        qs = selectors.measure_list(
            user=request.user,
            q=request.query_params.get("q", ""),
            benefit_type=request.query_params.get("benefit_type", ""),
            mode=request.query_params.get("mode", ""),
        )
        return Response(MeasureOutput(qs, many=True).data)


class MeasureDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=MeasureOutput, summary="政策事项详情")
    def get(self, request: Request, pk: int) -> Response:
        measure = selectors.measure_get(user=request.user, pk=pk)
        data = MeasureOutput(measure).data
        data["rule_source"] = measure.rule_source
        return Response(data)


class ExplainApi(RuleApiView):
    """Explain one measure for one organisation the user may see (own organisation, or an officer's)."""

    @extend_schema(
        parameters=[OpenApiParameter("organization", int, required=True), ON],
        summary="单户资格解释",
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request, pk: int) -> Response:
        measure = selectors.measure_get(user=request.user, pk=pk)
        raw = request.query_params.get("organization", "")
        if not raw.isdigit():
            raise ApplicationError(_("请指定主体编号 organization。"), extra={"field": "organization"})
        org = selectors.organization_get(user=request.user, pk=int(raw))
        result = selectors.measure_explain(measure=measure, organization=org, on=_on(request))
        return Response(result.as_dict())


class OverviewApi(RuleApiView):
    @extend_schema(
        parameters=[ON, OpenApiParameter("elsewhere", bool, description="也列出其他地区的政策（elsewhere）")],
        summary="本单位已持有/可享受/差一点符合的政策",
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request, pk: int) -> Response:
        org = selectors.organization_get(user=request.user, pk=pk)
        overview = selectors.organization_overview(user=request.user, organization=org, on=_on(request))
        elsewhere = request.query_params.get("elsewhere")
        if elsewhere is not None and elsewhere not in ("true", "false", "1", "0"):
            raise serializers.ValidationError({"elsewhere": [_("应为 true 或 false。")]})
        if elsewhere not in ("1", "true"):
            del overview["elsewhere"]  # measures of other regions: only on request
        return Response(
            {
                key: [
                    {
                        "measure": a.measure.pk,
                        "code": a.measure.code,
                        "title": a.measure.title,
                        **a.result.as_dict(),
                    }
                    for a in answers
                ]
                for key, answers in overview.items()
            }
        )


class QualifiedApi(RuleApiView):
    @extend_schema(parameters=[ON], summary="辖区内符合条件的单位（一次查询）", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: int) -> Response:
        measure = selectors.measure_get(user=request.user, pk=pk, action="select")
        on = _on(request)
        qs = selectors.qualified_organizations(user=request.user, measure=measure, on=on)
        b = selectors.qualified_breakdown(qs)
        amount = selectors.amount_total(measure=measure, qs=qs, on=on)
        rows = qs.select_related("region").order_by("region_id", "name")[:500]
        return Response(
            {
                "total": b.total,
                "amount": None if amount is None else str(amount),
                "by_region": [{"code": c, "name": n, "count": k} for c, n, k in b.by_region],
                "by_industry": [{"section": c, "name": n, "count": k} for c, n, k in b.by_industry],
                "organizations": [
                    {"id": o.pk, "uscc": o.uscc, "name": o.name, "region": o.region_id} for o in rows
                ],
            }
        )


class WhatIfInput(InputSerializer):
    changes = serializers.DictField(
        child=serializers.DecimalField(max_digits=24, decimal_places=8), help_text="门槛编号 → 新值"
    )
    on = serializers.DateField(required=False)


class ThresholdOutput(serializers.Serializer):
    index = serializers.IntegerField()
    label = serializers.CharField()
    op = serializers.CharField()
    value = serializers.CharField(help_text="门槛值（十进制数字文本）")


class WhatIfOutput(serializers.Serializer):
    before = serializers.IntegerField()
    after = serializers.IntegerField()
    added = serializers.IntegerField()
    removed = serializers.IntegerField()
    amount_before = serializers.CharField(allow_null=True, help_text="元；无法测算时为 null")
    amount_after = serializers.CharField(allow_null=True, help_text="元；无法测算时为 null")


class WhatIfApi(RuleApiView):
    @extend_schema(summary="门槛列表", parameters=[ON], responses=ThresholdOutput(many=True))
    def get(self, request: Request, pk: int) -> Response:
        measure = selectors.measure_get(user=request.user, pk=pk, action="select")
        ths = selectors.measure_thresholds(measure=measure, on=_on(request))
        return Response(
            [{"index": t.index, "label": t.label, "op": t.op, "value": str(t.value)} for t in ths]
        )

    @extend_schema(request=WhatIfInput, summary="调整门槛测算", responses=WhatIfOutput)
    def post(self, request: Request, pk: int) -> Response:
        measure = selectors.measure_get(user=request.user, pk=pk, action="select")
        data = WhatIfInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            changes = {int(k): Decimal(v) for k, v in data.validated_data["changes"].items()}
        except ValueError:
            raise ApplicationError(_("门槛编号应当是整数。"), extra={"field": "changes"}) from None
        given = data.validated_data.get("on")
        on = _checked(given) if given else _on(request)
        count = len(selectors.measure_thresholds(measure=measure, on=on))
        bad = [k for k in changes if not 0 <= k < count]
        if bad:
            raise ApplicationError(
                _("没有编号为 %(index)s 的门槛。") % {"index": bad[0]}, extra={"field": "changes"}
            )
        r = selectors.what_if(user=request.user, measure=measure, changes=changes, on=on)
        money = lambda v: None if v is None else str(v)  # noqa: E731
        return Response({"before": r.before, "after": r.after, "added": r.added, "removed": r.removed,
                         "amount_before": money(r.amount_before), "amount_after": money(r.amount_after)})  # fmt: skip


class PushApi(RuleApiView):
    @extend_schema(request=None, summary="推送给符合条件的单位", responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, pk: int) -> Response:
        measure = selectors.measure_get(user=request.user, pk=pk, action="select")
        n = services.push_send(
            measure=measure, actor=request.user, on=_on(request), message=str(request.data.get("message", ""))
        )
        return Response({"pushed": n})


class AutoClaimsApi(RuleApiView):
    @extend_schema(request=None, summary="生成免申即享兑现清单", responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, pk: int) -> Response:
        measure = selectors.measure_get(user=request.user, pk=pk, action="select")
        return Response(
            {"created": services.auto_claims_generate(measure=measure, actor=request.user, on=_on(request))}
        )


# --- claims ------------------------------------------------------------------------------------------


class ClaimOutput(serializers.ModelSerializer):
    measure_title = serializers.CharField(source="measure.title")
    organization_name = serializers.CharField(source="organization.name")

    class Meta:
        model = Claim
        fields = ["id", "measure", "measure_title", "organization", "organization_name", "origin", "status", "version",
                  "eligibility", "amount_requested", "amount_approved", "applicant_note", "review_note",
                  "submitted_at", "created_at", "updated_at"]  # fmt: skip


class ClaimCreateInput(InputSerializer):
    measure = serializers.IntegerField()
    organization = serializers.IntegerField()
    on = serializers.DateField(required=False)


class ClaimCollectionApi(RuleApiView):
    pagination_class = KeysetPagination

    @extend_schema(
        responses=paginated(ClaimOutput, "ClaimPage"),
        summary="政策兑现申请列表",
        operation_id="policies_claims_list",
    )
    def get(self, request: Request) -> Response:
        qs = selectors.claim_list(user=request.user, status=request.query_params.get("status", ""))
        pager = KeysetPagination()
        page = pager.paginate_queryset(qs, request, self)
        return pager.get_paginated_response(ClaimOutput(page, many=True).data)

    @extend_schema(
        request=ClaimCreateInput, responses={201: ClaimOutput}, summary="一键申请（自动填入申报数据）"
    )
    def post(self, request: Request) -> Response:
        data = ClaimCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        measure = selectors.measure_get(user=request.user, pk=data.validated_data["measure"])
        org = selectors.organization_get(user=request.user, pk=data.validated_data["organization"])
        on = data.validated_data.get("on")
        claim = services.claim_start(
            measure=measure, organization=org, actor=request.user, on=_checked(on) if on else None
        )
        out = ClaimOutput(claim).data
        out["facts_snapshot"] = claim.facts_snapshot
        return Response(out, status=status.HTTP_201_CREATED)


class ClaimItemApi(APIView):
    @extend_schema(responses=ClaimOutput, summary="申请详情")
    def get(self, request: Request, pk: int) -> Response:
        claim = selectors.claim_get(user=request.user, pk=pk)
        out = ClaimOutput(claim).data
        out["facts_snapshot"] = claim.facts_snapshot
        return Response(out)


class ClaimActionInput(InputSerializer):
    action = serializers.ChoiceField(choices=["submit", "withdraw", "approve", "reject", "return"])
    note = serializers.CharField(required=False, allow_blank=True, default="")
    amount_approved = serializers.DecimalField(
        max_digits=18, decimal_places=2, required=False, allow_null=True
    )
    expected_version = serializers.IntegerField(required=False)


def _submit_replayed(user: Any, claim: Claim, expected_version: int | None) -> bool:
    """Whether this submit repeats the one that moved the claim from ``expected_version`` to submitted
    (the same request sent again after a timeout): then nothing is written and the claim is answered."""
    return (
        expected_version is not None
        and claim.status == ClaimStatus.SUBMITTED
        and claim.version == expected_version + 1
        and can(user, claim, "apply")
    )


class ClaimActionApi(APIView):
    @extend_schema(request=ClaimActionInput, responses=ClaimOutput, summary="提交、撤回或审核申请")
    def post(self, request: Request, pk: int) -> Response:
        claim = selectors.claim_get(user=request.user, pk=pk)
        data = ClaimActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        d: dict[str, Any] = data.validated_data
        action = d["action"]
        if action == "submit" and _submit_replayed(request.user, claim, d.get("expected_version")):
            # a client retrying a submit whose answer it lost (a timeout): the first one went through
            return Response(ClaimOutput(claim).data, headers={"Idempotent-Replay": "true"})
        if action == "submit":
            services.claim_submit(
                claim=claim, actor=request.user, note=d["note"], expected_version=d.get("expected_version")
            )
        elif action == "withdraw":
            services.claim_withdraw(claim=claim, actor=request.user, note=d["note"])
        else:
            services.claim_review(claim=claim, actor=request.user, decision=action, note=d["note"],
                                  amount_approved=d.get("amount_approved"), expected_version=d.get("expected_version"))  # fmt: skip
        claim.refresh_from_db()
        return Response(ClaimOutput(claim).data)


class DisbursementOutput(serializers.ModelSerializer):
    class Meta:
        model = Disbursement
        fields = ["id", "claim", "amount", "paid_on", "voucher_no", "note"]


class DisbursementInput(InputSerializer):
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    paid_on = serializers.DateField()
    voucher_no = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DisbursementApi(APIView):
    @extend_schema(request=DisbursementInput, responses={201: DisbursementOutput}, summary="登记兑现")
    def post(self, request: Request, pk: int) -> Response:
        claim = selectors.claim_get(user=request.user, pk=pk)
        data = DisbursementInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = services.disbursement_record(claim=claim, actor=request.user, **data.validated_data)
        return Response(DisbursementOutput(d).data, status=status.HTTP_201_CREATED)
