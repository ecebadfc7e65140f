"""Entering and correcting existing carriers over the API: the services of the officers' pages."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from kechuang.carriers.choices import CarrierKind, Tier
from kechuang.core.api import InputSerializer


class CarrierInput(InputSerializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=CarrierKind.choices)
    tier = serializers.ChoiceField(choices=Tier.choices)
    region = serializers.CharField(max_length=60, help_text="6位行政区划代码或地区全称")
    lead = serializers.CharField(max_length=200, help_text="主建单位：统一社会信用代码或单位全称")
    joint = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, help_text="联建单位"
    )
    co_built = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, help_text="共建单位"
    )
    responsible_department = serializers.CharField(
        max_length=120, required=False, allow_blank=True, help_text="主管部门全称"
    )
    industry = serializers.CharField(max_length=60, required=False, allow_blank=True)
    certificate_no = serializers.CharField(max_length=60, required=False, allow_blank=True)
    recognised_on = serializers.DateField(required=False, allow_null=True)
    valid_until = serializers.DateField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True)


class CarrierCorrectionInput(CarrierInput):
    reason = serializers.CharField(max_length=200, help_text="更正原因（写入历史沿革和审计记录）")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, partial=True, **kwargs)
